"""Member resources: what a provider can ask the plan to arrange for a member — help applying for or keeping
coverage, interpreters, rides to appointments, and the health-related social needs (HRSN) supports (climate
devices, housing, nutrition) — and the care coordinators' queue that works those requests."""

"""Sample URLs for routes whose path takes arguments or whose page needs query parameters.

`tests/web/test_every_url.py` uses these to request every route; a new route must be added here.
"""

SAMPLES: dict[str, str] = {
    "codes:search": "/codes/?q=chest+pain",
    "codes:verify": "/codes/verify/",
    "codes:loads": "/codes/loads/",
    "codes:detail": "/codes/icd10cm/R079/",
    "codelists:check": "/prior-auth/",
    "codelists:check_print": "/prior-auth/print/?line_of_business=NCCCO&lines-0-code=99213",
    "codelists:browse": "/prior-auth/lists/",
    "codelists:export_csv": "/prior-auth/lists/export.csv",
    "codelists:export_pdf": "/prior-auth/lists/export.pdf",
    "codelists:manage": "/prior-auth/manage/",
    "codelists:upload": "/prior-auth/manage/upload/",
    "codelists:upload_template": "/prior-auth/manage/template.csv",
    "codelists:list_history": "/prior-auth/manage/lists/1/",
    "codelists:version": "/prior-auth/manage/versions/1/",
    "codelists:version_csv": "/prior-auth/manage/versions/1.csv",
    "codelists:version_publish": "/prior-auth/manage/versions/1/publish/",
    "codelists:version_discard": "/prior-auth/manage/versions/1/discard/",
    "authorizations:list": "/authorizations/",
    "authorizations:new": "/authorizations/new/",
    "authorizations:detail": "/authorizations/1/",
    "authorizations:edit": "/authorizations/1/edit/",
    "authorizations:attachment_add": "/authorizations/1/attachments/",
    "authorizations:attachment": "/authorizations/1/attachments/1/",
    "authorizations:confirmation": "/authorizations/1/not-required/",
}

"""Built-in name and address lists for synthetic people and places. No real person is described.

Names are grouped by cultural origin so that a generated person's first and last names fit together and
their preferred language is plausible (a member with a Vietnamese name is more likely to prefer Vietnamese).
The weights are rough and only shape the demo; they are not statistics about any population.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NameGroup:
    """First names by sex, last names, and the languages a member of the group may prefer (with weights)."""

    key: str
    weight: float
    female: tuple[str, ...]
    male: tuple[str, ...]
    last: tuple[str, ...]
    languages: tuple[tuple[str, float], ...]


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split())


GENERAL = NameGroup(
    key="general",
    weight=0.55,
    female=_split(
        "Emma Olivia Ava Sophia Isabella Mia Charlotte Amelia Harper Evelyn Abigail Emily Elizabeth Sofia "
        "Avery Ella Scarlett Grace Chloe Victoria Riley Aria Lily Aubrey Zoey Hannah Layla Brooklyn Nora "
        "Hazel Madison Ellie Stella Paisley Audrey Claire Skylar Lucy Anna Caroline Genesis Aaliyah Kennedy "
        "Kinsley Allison Maya Sarah Madelyn Adeline Alexa Ariana Elena Gabriella Naomi Alice Sadie Hailey "
        "Eva Emilia Autumn Quinn Nevaeh Piper Ruby Serenity Willow Everly Cora Kaylee Lydia Aubree Arianna "
        "Eliana Peyton Melanie Gianna Isabelle Julia Valentina Nova Clara Vivian Reagan Mackenzie Madeline "
        "Brielle Delilah Isla Rylee Katherine Sophie Josephine Ivy Liliana Jade Maria Taylor Hadley Kylie "
        "Emery Adalynn Natalie Annabelle Faith Alexandra Ximena Ashley Brianna Raelynn Bailey Mary Athena "
        "Andrea Leah Audrina Linda Barbara Patricia Susan Margaret Dorothy Betty Helen Sandra Donna Carol "
        "Ruth Sharon Michelle Laura Kimberly Deborah Jessica Shirley Cynthia Angela Melissa Brenda Amy "
        "Rebecca Virginia Kathleen Pamela Martha Debra Amanda Stephanie Carolyn Christine Marie Janet "
        "Catherine Frances Ann Joyce Diane Alicia Imani Tamika Keisha Latoya Ebony Jasmine Shanice Aisha"
    ),
    male=_split(
        "Liam Noah William James Oliver Benjamin Elijah Lucas Mason Logan Alexander Ethan Jacob Michael "
        "Daniel Henry Jackson Sebastian Aiden Matthew Samuel David Joseph Carter Owen Wyatt John Jack Luke "
        "Jayden Dylan Grayson Levi Isaac Gabriel Julian Mateo Anthony Jaxon Lincoln Joshua Christopher "
        "Andrew Theodore Caleb Ryan Asher Nathan Thomas Leo Isaiah Charles Josiah Hudson Christian Hunter "
        "Connor Eli Ezra Aaron Landon Adrian Jonathan Nolan Jeremiah Easton Elias Colton Cameron Carson "
        "Robert Angel Maverick Nicholas Dominic Jaxson Greyson Adam Ian Austin Santiago Jordan Cooper "
        "Brayden Roman Evan Ezekiel Xavier Jose Jace Jameson Leonardo Bryson Axel Everett Parker Kayden "
        "Miles Sawyer Jason Richard Charles Donald Kenneth Steven Paul Mark George Edward Ronald Timothy "
        "Gary Larry Jeffrey Frank Scott Eric Stephen Raymond Gregory Jerry Dennis Walter Patrick Peter "
        "Harold Douglas Roger Gerald Keith Carl Terry Lawrence Wayne Ralph Roy Eugene Louis Russell Bobby "
        "Darnell DeShawn Jamal Malik Tyrone Marcus Terrell Andre Darius Reggie Kareem Jalen Dwayne"
    ),
    last=_split(
        "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Jackson Martin "
        "Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green Adams "
        "Baker Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart "
        "Morris Murphy Cook Rogers Morgan Peterson Cooper Reed Bailey Bell Kelly Howard Ward Cox Richardson "
        "Wood Watson Brooks Bennett Gray James Hughes Price Sanders Myers Long Ross Foster Powell Jenkins "
        "Perry Russell Sullivan Butler Barnes Fisher Henderson Coleman Simmons Patterson Jordan Reynolds "
        "Hamilton Graham Wallace West Cole Hayes Bryant Gibson Ellis Stevens Murray Ford Marshall Owens "
        "McDonald Harrison Kennedy Wells Alexander Tucker Porter Hunter Hicks Crawford Henry Boyd Mason "
        "Kennedy Warren Dixon Burns Gordon Shaw Holmes Rice Robertson Hunt Black Daniels Palmer Mills "
        "Nichols Grant Knight Ferguson Stone Hawkins Dunn Perkins Hudson Spencer Gardner Stephens Payne "
        "Pierce Berry Matthews Arnold Wagner Willis Ray Watkins Olson Carroll Duncan Snyder Hart Cunningham "
        "Bradley Lane Andrews Harper Fox Riley Armstrong Carpenter Weaver Greene Lawrence Elliott Chavis "
        "O'Brien O'Connor O'Neill McCarthy Lindqvist Johansson Halvorsen Eriksen Schmidt Becker Hoffmann "
        "Kowalski Novak Dubois Laurent Rossi Bianchi Haugen Larsen Fitzgerald Washington Jefferson Freeman "
        "Whitehorse Running-Bear Tallbird Yellowhorse Begay Tsosie Jim-Smith"
    ),
    languages=(("English", 0.995), ("American Sign Language", 0.005)),
)

HISPANIC = NameGroup(
    key="hispanic",
    weight=0.22,
    female=_split(
        "María Guadalupe Juana Rosa Ana Carmen Josefina Verónica Leticia Alejandra Gabriela Daniela "
        "Fernanda Valeria Camila Ximena Sofía Regina Lucía Mariana Isabel Esperanza Yesenia Marisol "
        "Araceli Brenda Paola Karla Adriana Natalia Elena Luz Dulce Rocío Catalina Teresa Beatriz Itzel "
        "Yolanda Graciela Lorena Alma Claudia Silvia"
    ),
    male=_split(
        "José Juan Luis Carlos Jesús Miguel Francisco Antonio Jorge Alejandro Pedro Manuel Ricardo Rafael "
        "Fernando Javier Eduardo Roberto Sergio Mario Alberto Raúl Arturo Enrique Héctor Andrés Diego Mateo "
        "Santiago Emiliano Leonardo Gael Iker Matías Sebastián Adrián Rubén Óscar Ramón Armando Ignacio "
        "Gerardo Hugo Julio"
    ),
    last=_split(
        "García Rodríguez Martínez Hernández López González Pérez Sánchez Ramírez Torres Flores Rivera "
        "Gómez Díaz Cruz Morales Reyes Gutiérrez Ortiz Ramos Chávez Ruiz Mendoza Álvarez Castillo Jiménez "
        "Moreno Romero Herrera Medina Aguilar Vargas Castro Vásquez Guzmán Salazar Delgado Rojas Navarro "
        "Ortega Domínguez Soto Cervantes Contreras Silva Estrada Juárez Espinoza Fuentes Valenzuela "
        "Campos Luna Sandoval Cabrera Ríos Figueroa Mejía Villanueva Pacheco Zamora De-la-Cruz Orozco"
    ),
    languages=(("Spanish", 0.55), ("English", 0.44), ("Mixteco", 0.01)),
)

VIETNAMESE = NameGroup(
    key="vietnamese",
    weight=0.03,
    female=_split("Linh Mai Lan Hoa Huong Thao Trang Ngoc Anh Thu Hanh Nhung Phuong Yen Vy Tien Hien Dung"),
    male=_split("Minh Tuan Duc Hung Quang Thanh Long Hai Nam Khoa Bao Huy Phuc Dat Son Trung Vinh Quoc"),
    last=_split("Nguyen Tran Le Pham Hoang Huynh Phan Vu Vo Dang Bui Do Ho Ngo Duong Ly Truong Dinh"),
    languages=(("Vietnamese", 0.6), ("English", 0.4)),
)

CHINESE = NameGroup(
    key="chinese",
    weight=0.025,
    female=_split("Mei Xiu Ying Hui Lan Jing Li Na Fang Yan Ling Xin Yu Qing Hong Wei-Ling Shu-Fen"),
    male=_split("Wei Jun Hao Ming Jian Lei Qiang Tao Yong Bo Chen Jie Kai Zhi Hong Wen Chi-Wai"),
    last=_split("Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo Lin He Gao Chan Wong"),
    languages=(("Chinese (Mandarin)", 0.3), ("Chinese (Cantonese)", 0.25), ("English", 0.45)),
)

SLAVIC = NameGroup(
    key="slavic",
    weight=0.03,
    female=_split("Olga Tatiana Natalia Svetlana Irina Elena Anastasia Yulia Oksana Galina Lyudmila Daria"),
    male=_split("Dmitri Sergei Alexei Nikolai Ivan Mikhail Vladimir Andrei Pavel Yuri Oleksandr Bohdan"),
    last=_split(
        "Ivanov Petrov Smirnov Kuznetsov Popov Sokolov Lebedev Kozlov Novikov Morozov Volkov Shevchenko "
        "Kovalenko Bondarenko Tkachenko Melnyk Boyko"
    ),
    languages=(("Russian", 0.5), ("Ukrainian", 0.15), ("English", 0.35)),
)

ARABIC_SOMALI = NameGroup(
    key="arabic_somali",
    weight=0.02,
    female=_split("Fatima Aisha Maryam Amina Layla Hodan Hibo Fadumo Sahra Yasmin Noor Zainab Leila Hawa"),
    male=_split("Mohamed Ahmed Ali Omar Hassan Abdi Abdullahi Yusuf Ibrahim Khalid Mustafa Samir Karim"),
    last=_split("Hassan Ali Mohamed Ahmed Abdi Farah Warsame Osman Haddad Khalil Mansour Nasser Saleh Aziz"),
    languages=(("Arabic", 0.35), ("Somali", 0.25), ("English", 0.4)),
)

KOREAN = NameGroup(
    key="korean",
    weight=0.015,
    female=_split("Ji-woo Seo-yeon Min-ji Soo-jin Hye-jin Eun-ji Ji-eun Yuna Hana Sun-hee"),
    male=_split("Min-jun Seo-jun Ji-ho Hyun-woo Jae-won Dong-hyun Sung-min Tae-yang Joon Young-ho"),
    last=_split("Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Shin"),
    languages=(("Korean", 0.45), ("English", 0.55)),
)

FILIPINO = NameGroup(
    key="filipino",
    weight=0.015,
    female=_split("Maricel Rowena Jocelyn Marites Lorna Cristina Analyn Rhea Joy Kristine"),
    male=_split("Jose Rodel Ramil Jericho Arnel Romeo Efren Danilo Mark-Anthony Reynaldo"),
    last=_split("Santos Reyes Cruz Bautista Ocampo Garcia Mendoza Dela-Cruz Villanueva Aquino Castillo Ramos"),
    languages=(("Tagalog", 0.25), ("English", 0.75)),
)

PACIFIC = NameGroup(
    key="pacific",
    weight=0.01,
    female=_split("Kiki Meleane Ana Salote Lani Mele Sina Keala Marleen Tina"),
    male=_split("Kimo Sione Tevita Kalani Ioane Pita Keoni Benson Jerry Roland"),
    last=_split("Kaniho Fifita Tupou Lomae Fonoti Aisea Mori Elias Jack Rosario Kabua Langidrik"),
    languages=(("Chuukese", 0.25), ("Marshallese", 0.2), ("English", 0.55)),
)

SOUTH_ASIAN = NameGroup(
    key="south_asian",
    weight=0.02,
    female=_split("Priya Ananya Aditi Kavya Neha Pooja Simran Harpreet Sunita Lakshmi Divya Meera"),
    male=_split("Arjun Rahul Vikram Aarav Rohan Sanjay Amit Gurpreet Harjit Rajesh Suresh Manish"),
    last=_split("Patel Singh Sharma Kumar Gupta Shah Mehta Reddy Rao Iyer Sandhu Gill Dhillon Kaur"),
    languages=(("Hindi", 0.2), ("Punjabi", 0.15), ("English", 0.65)),
)

AFRICAN_AMERICAN = NameGroup(
    key="african_american",
    weight=0.045,
    female=_split(
        "Aaliyah Imani Jasmine Keisha Tamika Ebony Latoya Shanice Aisha Nia Destiny Kiara Monique Tiana "
        "Jada Kenya Alexis Brianna Dominique Precious"
    ),
    male=_split(
        "Darnell DeShawn Jamal Malik Tyrone Marcus Terrell Andre Darius Reggie Kareem Jalen Dwayne Isaiah "
        "Xavier Cedric Lamar Devonte Rashad Elijah"
    ),
    last=_split(
        "Washington Jefferson Jackson Johnson Williams Brown Jones Davis Harris Robinson Thomas Banks "
        "Freeman Booker Mosley Gaines Hairston Dorsey Tillman Pruitt"
    ),
    languages=(("English", 1.0),),
)

NAME_GROUPS: tuple[NameGroup, ...] = (
    GENERAL,
    HISPANIC,
    VIETNAMESE,
    CHINESE,
    SLAVIC,
    ARABIC_SOMALI,
    KOREAN,
    FILIPINO,
    PACIFIC,
    SOUTH_ASIAN,
    AFRICAN_AMERICAN,
)

STREET_NAMES: tuple[str, ...] = _split(
    "Alder Birch Cedar Douglas-Fir Elm Filbert Hawthorne Jefferson Madrona Maple Oak Pine Spruce Willow "
    "Main Front Mill River Commercial Liberty State Center Lancaster Division Burnside Belmont Alberta "
    "Killingsworth Sandy Powell Foster Glisan Stark Halsey Broadway Lombard Columbia Marine Harbor Ocean "
    "Pacific Hemlock Juniper Larch Laurel Sequoia Tamarack Vine Orchard Meadow Ridge Valley Summit Hillcrest "
    "Lincoln Washington Adams Madison Monroe Jackson Grant Garfield Court Chemeketa Marion Union Ferry "
    "Trade Mission Fairview Portland Silverton Wallace Orchard-Heights Edgewater Kingwood Cordon Hayesville "
    "Evergreen Lakeside Riverside Sunset Sunrise Cherry Apple Pear Plum Walnut Chestnut Poplar Cottonwood"
)
STREET_SUFFIXES: tuple[str, ...] = ("St", "Ave", "Rd", "Dr", "Ln", "Way", "Ct", "Blvd", "Loop", "Pl")
UNIT_PREFIXES: tuple[str, ...] = ("Apt", "Unit", "Apt", "Apt", "#", "Spc")

# Plant and place words for the legal names of generated clinics: obviously made-up combinations.
CLINIC_WORDS: tuple[str, ...] = _split(
    "Vine-Maple Oregon-Grape Trillium Fireweed Huckleberry Madrone Red-Alder Sword-Fern Snowberry "
    "Oceanspray Elderberry Serviceberry Chokecherry Mock-Orange Currant Wild-Ginger Yarrow Lupine "
    "Columbine Vanilla-Leaf Oxalis Kinnikinnick Manzanita Twinflower Salmonberry Thimbleweed Spirea "
    "Nootka-Rose Bigleaf Cascara Deer-Fern Licorice-Fern Goldenrod Pearly-Everlasting Coyote-Brush"
)
CLINIC_SUFFIXES: tuple[str, ...] = (
    "Family Medicine",
    "Primary Care",
    "Community Clinic",
    "Family Health",
    "Medical Group",
    "Health Partners",
)

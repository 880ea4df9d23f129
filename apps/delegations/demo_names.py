# ruff: noqa: E501, RUF001 - data: long name lists, and names spelt with Turkish letters
"""Plausible given and family names by naming tradition, for demo delegates only."""

from __future__ import annotations

# Given names | family names, separated by "|" (some family names hold a space).
_RAW = {
    "arabic": (
        "Mohammed|Youssef|Karim|Omar|Rachid|Hassan|Fatima|Amina|Leila|Nadia|Khalid|Samir|Salma|Hind|Tarik|Mounir|Ahmed|Nour",
        "El Amrani|Benali|Haddad|Mansour|Al-Harbi|Saleh|Bouzid|Khoury|Nasser|Al-Qahtani|Belkacem|Chraibi|Farouk|Hamdan|Idrissi|Zaki",
    ),
    "french": (
        "Claire|Jean|Sophie|Luc|Camille|Pierre|Hélène|Nicolas|Isabelle|Julien|Élodie|Marc|Anne|Thomas|Céline|François",
        "Martin|Bernard|Dubois|Moreau|Laurent|Lefèvre|Fontaine|Girard|Rousseau|Mercier|Blanc|Chevalier|Garnier|Faure|Perrin|Robin",
    ),
    "spanish": (
        "María|José|Carmen|Luis|Ana|Carlos|Lucía|Javier|Sofía|Miguel|Elena|Andrés|Paula|Diego|Valentina|Alejandro",
        "García|Rodríguez|Martínez|López|González|Pérez|Sánchez|Ramírez|Torres|Flores|Rivera|Gómez|Díaz|Morales|Castillo|Vargas",
    ),
    "portuguese": (
        "João|Ana|Pedro|Mariana|Lucas|Beatriz|Rafael|Camila|Gabriel|Juliana|Thiago|Fernanda|Bruno|Larissa|Rodrigo|Patrícia",
        "Silva|Santos|Oliveira|Souza|Pereira|Costa|Almeida|Ferreira|Carvalho|Ribeiro|Gomes|Martins|Araújo|Barbosa|Rocha|Lima",
    ),
    "english": (
        "James|Sarah|David|Emma|Michael|Laura|Robert|Emily|Daniel|Rachel|Andrew|Hannah|Mark|Olivia|Peter|Catherine",
        "Smith|Johnson|Williams|Brown|Taylor|Davies|Wilson|Evans|Thompson|Walker|Wright|Robinson|Clarke|Hughes|Campbell|Murray",
    ),
    "east_african": (
        "Wanjiru|Otieno|Achieng|Kamau|Njeri|Mwangi|Amani|Baraka|Zawadi|Juma|Neema|Tumaini|Halima|Daudi|Wambui|Kiprono",
        "Odhiambo|Kariuki|Mutua|Wafula|Kiptoo|Mwangi|Njoroge|Ochieng|Kimani|Omondi|Chebet|Mushi|Nyerere|Mbeki|Kibet|Mollel",
    ),
    "west_african": (
        "Aminata|Moussa|Fatou|Ibrahima|Awa|Oumar|Kadiatou|Mamadou|Chinedu|Ngozi|Kwame|Akosua|Adebayo|Funmilayo|Sékou|Mariam",
        "Diallo|Traoré|Koné|Ouédraogo|Sow|Camara|Keita|Mensah|Okafor|Adeyemi|Asante|Boateng|Ndiaye|Cissé|Touré|Eze",
    ),
    "southern_african": (
        "Thabo|Nomvula|Sipho|Lerato|Tendai|Chipo|Kagiso|Naledi|Tatenda|Rudo|Mpho|Zanele|Lindiwe|Farai|Bongani|Palesa",
        "Dlamini|Nkosi|Moyo|Ndlovu|Khumalo|Mokoena|Banda|Phiri|Mabaso|Sithole|Chikwanha|Mutasa|Zulu|Molefe|Tshabalala|Mwale",
    ),
    "chinese": (
        "Wei|Fang|Jun|Li|Min|Hao|Xiu|Lei|Yan|Qiang|Jing|Tao",
        "Wang|Li|Zhang|Liu|Chen|Yang|Huang|Zhao|Wu|Zhou|Xu|Sun",
    ),
    "japanese": (
        "Hiroshi|Yuki|Takashi|Aiko|Kenji|Naoko|Satoshi|Emi|Daisuke|Haruka|Kazuo|Mei",
        "Sato|Suzuki|Takahashi|Tanaka|Watanabe|Ito|Yamamoto|Nakamura|Kobayashi|Kato|Yoshida|Yamada",
    ),
    "korean": (
        "Min-jun|Seo-yeon|Ji-hoon|Ha-eun|Dong-hyun|Soo-jin|Jae-won|Eun-ji",
        "Kim|Lee|Park|Choi|Jung|Kang|Cho|Yoon|Jang|Lim",
    ),
    "slavic": (
        "Ivan|Olga|Dmitri|Anna|Sergei|Natalia|Piotr|Katarzyna|Tomasz|Milan|Jelena|Marko|Irina|Andrei|Oksana|Pavel",
        "Ivanov|Petrova|Kowalski|Nowak|Novak|Horvat|Jovanović|Popescu|Kovalenko|Smirnov|Dvořák|Wiśniewska|Shevchenko|Petrović|Volkov|Marinov",
    ),
    "germanic": (
        "Anna|Lukas|Julia|Felix|Lena|Jonas|Sofie|Lars|Ingrid|Erik|Maja|Henrik|Eva|Stefan|Katrin|Niels",
        "Müller|Schmidt|Schneider|Fischer|Weber|Hansen|Johansson|Nielsen|Jansen|de Vries|Berg|Lindqvist|Andersen|Peeters|Huber|Keller",
    ),
    "mediterranean": (
        "Giulia|Marco|Francesca|Luca|Eleni|Giorgos|Chiara|Matteo|Maria|Nikos|Alessandra|Dimitris",
        "Rossi|Russo|Ferrari|Esposito|Bianchi|Papadopoulos|Georgiou|Romano|Colombo|Nikolaou|Galea|Borg",
    ),
    "south_asian": (
        "Priya|Rahul|Anjali|Arjun|Sunita|Vikram|Farhan|Ayesha|Imran|Nimal|Kavya|Rohan|Sanjay|Meera|Tariq|Dilani",
        "Sharma|Patel|Singh|Kumar|Gupta|Khan|Rahman|Hossain|Perera|Fernando|Iyer|Reddy|Chowdhury|Malik|Thapa|Shrestha",
    ),
    "southeast_asian": (
        "Nguyen|Siti|Ahmad|Somchai|Maria|Budi|Dewi|Arif|Linh|Kittipong|Nur|Jose",
        "Nguyen|Tran|Santos|Reyes|Wijaya|Susanto|Rahman|Tan|Lim|Srisuk|Bautista|Abdullah",
    ),
    "persian_turkic": (
        "Ali|Zahra|Reza|Maryam|Mehmet|Ayşe|Emre|Elif|Nurlan|Aigerim|Rustam|Dilnoza",
        "Hosseini|Rahimi|Karimi|Yılmaz|Kaya|Demir|Şahin|Nazarbayev|Aliyev|Karimov|Rakhimov|Mammadov",
    ),
    "pacific": (
        "Sione|Mele|Tevita|Losana|Joni|Ana|Iosefa|Leilani",
        "Tuilagi|Fifita|Naidu|Vunipola|Taufa|Lealaiauloto|Kaufana|Ratu",
    ),
}
NAMES: dict[str, tuple[list[str], list[str]]] = {
    key: (given.split("|"), family.split("|")) for key, (given, family) in _RAW.items()
}

GROUPS: dict[str, str] = {}
for _group, _codes in {
    "arabic": "MA DZ TN LY EG SD MR SA AE QA KW BH OM YE JO LB SY IQ PS DJ KM",
    "french": "FR BE LU MC CH SN CI ML BF NE TG BJ GA CM CD CG CF TD GN MG HT SC",
    "spanish": "ES MX AR CO CL PE VE EC BO PY UY CR PA GT HN SV NI CU DO GQ",
    "portuguese": "BR PT AO MZ CV GW ST TL",
    "english": "GB US CA AU NZ IE JM BS BB TT AG DM GD KN LC VC BZ GY MT",
    "east_african": "KE TZ UG RW BI ET ER SO SS",
    "west_african": "NG GH SL LR GM",
    "southern_african": "ZA ZW ZM MW BW NA LS SZ MU",
    "chinese": "CN SG",
    "japanese": "JP",
    "korean": "KR",
    "slavic": "RU UA BY PL CZ SK SI HR RS BA ME MK BG RO MD",
    "germanic": "DE AT NL DK NO SE FI IS LI EE LV LT",
    "mediterranean": "IT GR CY SM VA AL",
    "south_asian": "IN PK BD LK NP BT MV AF",
    "southeast_asian": "VN TH MY ID PH KH LA MM BN",
    "persian_turkic": "IR TR AZ KZ KG TJ TM UZ GE AM MN",
    "pacific": "FJ TO WS PG VU SB KI NR PW MH FM",
}.items():
    for _code in _codes.split():
        GROUPS[_code] = _group

REGION_FALLBACK = {
    "africa": "west_african",
    "americas": "english",
    "asia": "south_asian",
    "europe": "germanic",
}


def names_for(iso2: str, region: str) -> tuple[list[str], list[str]]:
    return NAMES[GROUPS.get(iso2) or REGION_FALLBACK.get(region, "english")]

"""The 16 Polish voivodeships: TERYT code, ISO 3166-2 code, Polish name and GeoNames admin1 code (reference data)."""

VOIVODESHIPS: list[tuple[str, str, str, str, str]] = [
    # (teryt, iso, name, slug, geonames_admin1)
    ("02", "PL-DS", "dolnośląskie", "dolnoslaskie", "72"),
    ("04", "PL-KP", "kujawsko-pomorskie", "kujawsko-pomorskie", "73"),
    ("06", "PL-LU", "lubelskie", "lubelskie", "75"),
    ("08", "PL-LB", "lubuskie", "lubuskie", "76"),
    ("10", "PL-LD", "łódzkie", "lodzkie", "74"),
    ("12", "PL-MA", "małopolskie", "malopolskie", "77"),
    ("14", "PL-MZ", "mazowieckie", "mazowieckie", "78"),
    ("16", "PL-OP", "opolskie", "opolskie", "79"),
    ("18", "PL-PK", "podkarpackie", "podkarpackie", "80"),
    ("20", "PL-PD", "podlaskie", "podlaskie", "81"),
    ("22", "PL-PM", "pomorskie", "pomorskie", "82"),
    ("24", "PL-SL", "śląskie", "slaskie", "83"),
    ("26", "PL-SK", "świętokrzyskie", "swietokrzyskie", "84"),
    ("28", "PL-WN", "warmińsko-mazurskie", "warminsko-mazurskie", "85"),
    ("30", "PL-WP", "wielkopolskie", "wielkopolskie", "86"),
    ("32", "PL-ZP", "zachodniopomorskie", "zachodniopomorskie", "87"),
]

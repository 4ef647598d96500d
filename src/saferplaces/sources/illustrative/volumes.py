"""The volumes the illustrative extracts are generated at, and the published figures
they imitate. ``docs/sources.md`` shows them side by side; keep the two in step.

Every figure quoted here is from a published Cambridgeshire strategic assessment (the
partnerships' own documents) unless it says "set by us". Where no published figure was
at hand, a volume is scaled from one that was, and says so.
"""

from __future__ import annotations

DISTRICTS = {
    "E07000008": "Cambridge",
    "E07000009": "East Cambridgeshire",
    "E07000010": "Fenland",
    "E07000011": "Huntingdonshire",
    "E07000012": "South Cambridgeshire",
    "E06000031": "Peterborough",
}
CAMBRIDGE, EAST, FENLAND, HUNTS, SOUTH, PETERBOROUGH = DISTRICTS

# Census 2021 usual residents (the bundled ONS table), for scaling.
RESIDENTS = {
    CAMBRIDGE: 145_670,
    EAST: 87_788,
    FENLAND: 102_437,
    HUNTS: 180_820,
    SOUTH: 162_095,
    PETERBOROUGH: 215_654,
}

FIRST_MONTH = "2024-01"  # the months of the bundled police.uk data
LAST_MONTH = "2025-12"
AMBULANCE_LAST_MONTH = "2025-11"  # "December not yet received", as in the 2018 assessment

# Fires attended per year. Published: South Cambridgeshire 20.5 a month in 2017 and
# 29.3 in 2018 (246 and 352 a year); East Cambridgeshire 129 deliberate fires in
# 2017-2019 with 24% of fires deliberate (about 180 fires a year). Other districts:
# set by us from South Cambridgeshire's rate per resident (about 1.85 per 1,000).
FIRES_PER_YEAR = {
    CAMBRIDGE: 240,
    EAST: 180,
    FENLAND: 230,
    HUNTS: 320,
    SOUTH: 300,
    PETERBOROUGH: 420,
}
# Cause of fires, East Cambridgeshire 2017-2019: 61% accidental, 24% deliberate, 15%
# unknown.
FIRE_CAUSE = {"accidental": 0.61, "deliberate": 0.24, "unknown": 0.15}
# What burned: set by us (no split is published in the sources held); deliberate fires
# are mostly outdoor (grass, refuse), accidental ones mostly in buildings.
FIRE_PROPERTY = {
    "deliberate": {"outdoor": 0.66, "vehicle": 0.18, "building": 0.12, "other": 0.04},
    "accidental": {"building": 0.52, "outdoor": 0.28, "vehicle": 0.14, "other": 0.06},
    "unknown": {"outdoor": 0.55, "building": 0.2, "vehicle": 0.17, "other": 0.08},
}
# 2025 against 2024: set by us, so the demo has a change worth finding (deliberate fires
# in South Cambridgeshire up by a third, as Cambourne's were in 2018).
FIRE_TREND = {SOUTH: 1.33}

# Ambulance call-outs for assault per year, 2019 (East of England Ambulance Trust, East
# Cambridgeshire CSP assessment 2020): Cambridge 175, East Cambridgeshire 40, Fenland
# 128, Huntingdonshire 145, South Cambridgeshire 54, unknown and outside Cambridgeshire
# 438. The 438 is split by us: Peterborough 180, no usable location 180, outside the
# area held 78.
AMBULANCE_PER_YEAR = {
    CAMBRIDGE: 175,
    EAST: 40,
    FENLAND: 128,
    HUNTS: 145,
    SOUTH: 54,
    PETERBOROUGH: 180,
}
AMBULANCE_UNKNOWN_PER_YEAR = 180
AMBULANCE_OUTSIDE_PER_YEAR = 78
AMBULANCE_SEX = {"male": 0.64, "female": 0.33, "unknown": 0.03}  # set by us
AMBULANCE_AGE = {
    "0-17": 0.1,
    "18-24": 0.24,
    "25-34": 0.25,
    "35-44": 0.17,
    "45-54": 0.12,
    "55-64": 0.06,
    "65+": 0.03,
    "unknown": 0.03,
}  # set by us

# Emergency department assault arrivals at the hospital: 888 in 2018 (South
# Cambridgeshire CDRP assessment 2019, Table 2), by location type as the patient
# described it (the 2018 column of that table).
ED_PER_YEAR = 890
ED_LOCATION = {
    "Public Place": 343,
    "Licensed premise": 143,
    "Home": 134,
    "Other / unknown": 123,
    "Public Building": 53,
    "Educational Establishment": 39,
    "Medical Establishment": 21,
    "Workplace": 17,
    "HMP": 11,
    "Countryside": 2,
    "Public Transport": 2,
}
# Residence, 2018: 72.6% in Cambridgeshire; 35% of all arrivals lived in Cambridge and
# 21% in South Cambridgeshire. The remaining 16.6% is split by us over the other three
# districts by residents; 27.4% is outside Cambridgeshire (a third of it Peterborough,
# set by us) or unknown.
ED_RESIDENCE = {
    "Cambridge City": 0.35,
    "South Cambs": 0.21,
    "Hunts": 0.08,
    "East Cambs": 0.04,
    "Fenland": 0.046,
    "Peterborough": 0.09,
    "Out of area": 0.134,
    "Unknown": 0.05,
}
# Weapon: knife, sharp object, glass or bottle in 8% of arrivals; admitted 15%. Set by us
# (the published assessments give the trend but not the share).
ED_WEAPON = {
    "Hands/Fists/Feet": 0.55,
    "Not known": 0.2,
    "Knife/other sharp object": 0.05,
    "Glass/Bottle": 0.03,
    "Blunt instrument": 0.05,
    "Other": 0.05,
    "None": 0.07,
}
ED_ADMITTED = 0.15

# Police recorded domestic abuse crimes per 1,000 residents: force 7.6 (2018/19, East
# Cambridgeshire CSP assessment 2020); South Cambridgeshire 5.5 (2017/18); East
# Cambridgeshire 6.4 (2018/19). The other districts are set by us so the force rate is
# 7.6.
DA_CRIMES_PER_1000 = {
    CAMBRIDGE: 7.0,
    EAST: 6.4,
    FENLAND: 10.0,
    HUNTS: 6.5,
    SOUTH: 5.5,
    PETERBOROUGH: 10.0,
}
# Non-crime domestic abuse incidents for each crime: East Cambridgeshire 2018/19 had
# 965 incidents and 555 crimes, so 410 non-crime incidents, 0.74 per crime.
DA_NON_CRIME_PER_CRIME = 0.74
# Police recorded hate crime by district, financial year 2018/19: Table 6 ("Police
# recorded Hate Crime by Cambridgeshire district, April 2017 to December 2019") of the
# East Cambridgeshire CSP end of year strategic assessment 2019/20 (March 2020), which
# lists all six districts (its Cambridgeshire row, 559, leaves Peterborough out).
HATE_PER_YEAR = {
    CAMBRIDGE: 257,
    EAST: 31,
    FENLAND: 59,
    HUNTS: 120,
    SOUTH: 92,
    PETERBOROUGH: 391,
}
HATE_STRAND = {
    "Race": 0.74,
    "Sexual orientation": 0.1,
    "Disability": 0.06,
    "Religion": 0.05,
    "Transgender": 0.03,
    "Multiple": 0.02,
}  # set by us (race and sexual orientation are the majority, as the force's profile found)
# Cyber-enabled crime: 779 in the force area in 2019, 76 in East Cambridgeshire; spread by
# residents (set by us).
CYBER_FORCE_PER_YEAR = 779
YOUTH_KEYWORD_SHARE = 0.1  # set by us

# The force extract holds every crime the force recorded: its rows are the police.uk
# street-level crimes of the bundled months (every type but anti-social behaviour), with
# their real month, LSOA and (snapped) point; the day, the Home Office offence subgroup
# and the markers above are drawn. police.uk types map to Home Office offence groups;
# "Violence and sexual offences" splits as below (set by us, near the national shares of
# police recorded crime: sexual offences are about 8% of the two, and violence against
# the person is about a third each with injury, without injury, and stalking and
# harassment).
POLICE_UK_GROUPS = {
    "Anti-social behaviour": None,
    "Bicycle theft": ("theft offences", "bicycle theft"),
    "Burglary": ("theft offences", "burglary"),
    "Criminal damage and arson": ("criminal damage and arson", "criminal damage"),
    "Drugs": ("drug offences", "possession of drugs"),
    "Other crime": ("miscellaneous crimes against society", "other"),
    "Other theft": ("theft offences", "all other theft offences"),
    "Possession of weapons": ("possession of weapons offences", "possession of weapons"),
    "Public order": ("public order offences", "public fear, alarm or distress"),
    "Robbery": ("robbery", "robbery of personal property"),
    "Shoplifting": ("theft offences", "shoplifting"),
    "Theft from the person": ("theft offences", "theft from the person"),
    "Vehicle crime": ("theft offences", "vehicle offences"),
}
VIOLENCE_AND_SEXUAL = {
    ("violence against the person", "violence with injury"): 0.31,
    ("violence against the person", "violence without injury"): 0.31,
    ("violence against the person", "stalking and harassment"): 0.295,
    ("violence against the person", "death or serious injury"): 0.005,
    ("sexual offences", "rape"): 0.03,
    ("sexual offences", "other sexual offences"): 0.05,
}
# How likely a crime of each group is to carry a marker, relative to the others (set by
# us): domestic abuse is mostly violence; hate crime mostly public order and violence;
# cyber-enabled crime mostly stalking and harassment and sexual offences.
DA_WEIGHT = {
    "violence against the person": 1.0,
    "sexual offences": 0.6,
    "criminal damage and arson": 0.15,
    "public order offences": 0.15,
}
HATE_WEIGHT = {
    "public order offences": 1.0,
    "violence against the person": 0.3,
    "criminal damage and arson": 0.1,
}
CYBER_WEIGHT = {
    "violence against the person": 0.6,
    "sexual offences": 1.0,
    "miscellaneous crimes against society": 0.5,
    "theft offences": 0.05,
}
# Of a force extract's rows: with a point, with only an LSOA, with no location (set by us).
EXTRACT_LOCATION = {"point": 0.7, "lsoa": 0.28, "none": 0.02}

# Council ASB team cases: Cambridge City Council triaged 383 new reports in the six months
# to September 2019, about 750 a year (Cambridge CSP assessment 2020). Other districts:
# set by us from Cambridge's rate per resident, halved for the rural districts.
ASB_CASES_PER_YEAR = {
    CAMBRIDGE: 750,
    EAST: 220,
    FENLAND: 300,
    HUNTS: 450,
    SOUTH: 400,
    PETERBOROUGH: 900,
}
# Category: nuisance 83% of police recorded ASB in Cambridge in 2019/20; 25% of
# incidents involved young people in East Cambridgeshire in 2019.
ASB_TYPE = {"nuisance": 0.8, "personal": 0.13, "environmental": 0.07}
ASB_YOUTH = 0.25

# IDVA referrals per quarter, 2019/20 (Cambridge CSP Domestic Abuse Quarterly Performance
# Report 2020-21): Q1 to Q4, with the year's average engagement and repeat rates.
IDVA_QUARTERS = {
    "City": ((67, 61, 50, 43), 0.73, 0.42),
    "East Cambs": ((22, 27, 15, 18), 0.82, 0.37),
    "Fenland": ((49, 59, 39, 30), 0.75, 0.43),
    "Hunts": ((82, 81, 41, 66), 0.84, 0.39),
    "South Cambs": ((38, 48, 39, 30), 0.79, 0.30),
    "Peterborough": ((112, 96, 98, 106), 0.66, 0.37),
}
IDVA_SERVICES = {
    "Health IDVA": ((27, 25, 28, 36), 0.88, 0.13),
    "Young people's IDVA": ((34, 31, 33, 57), 0.81, 0.32),
    "A8 IDVA": ((52, 48, 63, 67), 0.71, 0.33),
    "Stalking IDVA": ((63, 42, 31, 25), 0.81, 0.29),
}

# Drug and alcohol treatment, January to December 2019 (Change Grow Live, East
# Cambridgeshire CSP assessment 2020, Table 12): number in treatment by substance group
# (opiate, non-opiate only, alcohol only, non-opiate and alcohol) and successful
# completions.
DRUG_TREATMENT = {
    CAMBRIDGE: ((510, 114, 351, 134), 142),
    SOUTH: ((31, 15, 26, 9), 8),
    FENLAND: ((236, 64, 160, 31), 100),
    EAST: ((93, 10, 66, 11), 16),
    HUNTS: ((227, 72, 212, 91), 120),
    PETERBOROUGH: ((826, 136, 369, 193), 344),
}
SUBSTANCE_GROUPS = ("opiate", "non-opiate only", "alcohol only", "non-opiate and alcohol")

# Youth first-time entrants, October 2017 to September 2018 (YOS; South Cambridgeshire
# CDRP assessment 2019, Table 10): (male, female). Peterborough: set by us (not in the
# sources held), from the Cambridgeshire rate per resident.
FTE_PER_YEAR = {
    CAMBRIDGE: (24, 2),
    EAST: (15, 2),
    FENLAND: (28, 5),
    HUNTS: (28, 4),
    SOUTH: (17, 7),
    PETERBOROUGH: (40, 6),
}
# All offences of first-time entrants, the same assessment's Table 11.
FTE_OFFENCES = {
    "violence against the person": 11,
    "theft and handling stolen goods": 5,
    "robbery": 4,
    "other": 3,
    "drugs": 3,
    "motoring offences": 2,
    "non-domestic burglary": 2,
    "public order": 2,
    "criminal damage": 1,
    "sexual offences": 1,
    "vehicle theft / unauthorised taking": 1,
}

# Probation caseload, May 2018 snapshot (BeNCH CRC; South Cambridgeshire CDRP assessment
# 2019, Tables 6 and 7): OGRS bands (low, medium, high, very high), the share female, and
# the share with each need (child issues, self-harm, domestic abuse, accommodation,
# disability, learning difficulty, mental illness). Peterborough's needs: the
# Cambridgeshire average.
PROBATION_OGRS = {
    CAMBRIDGE: (46, 41, 125, 38),
    EAST: (31, 21, 32, 4),
    FENLAND: (78, 69, 95, 27),
    HUNTS: (74, 45, 107, 18),
    SOUTH: (58, 36, 55, 8),
    PETERBOROUGH: (210, 109, 270, 63),
}
PROBATION_FEMALE = {
    CAMBRIDGE: 0.15,
    EAST: 0.17,
    FENLAND: 0.17,
    HUNTS: 0.14,
    SOUTH: 0.13,
    PETERBOROUGH: 0.15,
}
PROBATION_NEEDS = {
    CAMBRIDGE: (0.16, 0.05, 0.36, 0.24, 0.40, 0.06, 0.33),
    EAST: (0.27, 0.05, 0.43, 0.20, 0.33, 0.10, 0.31),
    FENLAND: (0.16, 0.04, 0.30, 0.15, 0.33, 0.05, 0.22),
    HUNTS: (0.16, 0.11, 0.36, 0.18, 0.37, 0.07, 0.31),
    SOUTH: (0.13, 0.06, 0.36, 0.20, 0.32, 0.10, 0.24),
    PETERBOROUGH: (0.16, 0.06, 0.35, 0.19, 0.36, 0.07, 0.28),
}
PROBATION_NEED_FIELDS = (
    "child_issues",
    "self_harm",
    "domestic_abuse",
    "accommodation",
    "disability",
    "learning_difficulty",
    "mental_illness",
)

# School absence and exclusion, secondary schools serving South Cambridgeshire, 2014/15
# to 2016/17 (DfE; South Cambridgeshire CDRP assessment 2019, Tables 13 and 14):
# overall absence 3.6% to 5.8% of sessions, sessions lost to exclusion 0.00% to 0.18%.
# Set by us: absence 5% to 9% (absence rose nationally after 2020), exclusion 0.01% to
# 0.2%; secondary schools per district and about 1,100 pupils each (190 days, two
# sessions a day).
SCHOOLS = {CAMBRIDGE: 7, EAST: 4, FENLAND: 5, HUNTS: 8, SOUTH: 9, PETERBOROUGH: 11}
ABSENCE_RATE = (0.05, 0.09)
EXCLUSION_RATE = (0.0001, 0.002)
ACADEMIC_YEARS = (2023, 2024)  # 2023/24 and 2024/25

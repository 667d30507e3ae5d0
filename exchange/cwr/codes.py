"""CWR lookup tables (domain.md §2, CWR 2.2 spec tables), as data.

Society codes are checked for format only (3 digits, in the field regex): the CISAC list grows every month and
a code we do not know yet is not a reason to drop an affiliation.
TIS codes are checked against music-metadata-territories.
"""

from functools import lru_cache

from music_metadata.territories.territory import Territory

_LANGUAGES = (
    "AA AB AE AF AK AM AN AR AS AV AY AZ BA BE BG BH BI BM BN BO BR BS CA CE CH CO CR CS CU CV CY DA DE DV DZ EE "
    "EL EN EO ES ET EU FA FF FI FJ FO FR FY GA GD GL GN GU GV HA HE HI HO HR HT HU HY HZ IA ID IE IG II IK IO IS "
    "IT IU JA JV KA KG KI KJ KK KL KM KN KO KR KS KU KV KW KY LA LB LG LI LN LO LT LU LV MG MH MI MK ML MN MR MS "
    "MT MY NA NB ND NE NG NL NN NO NR NV NY OC OJ OM OR OS PA PI PL PS PT QU RM RN RO RU RW SA SC SD SE SG SI SK "
    "SL SM SN SO SQ SR SS ST SU SV SW TA TE TG TH TI TK TL TN TO TR TS TT TW TY UG UK UR UZ VE VI VO WA WO XH YI "
    "YO ZA ZH ZU"
)

CODE_LISTS: dict[str, frozenset[str]] = {
    "transaction_type": frozenset("AGR NWR REV ISW EXC ACK WRK ISR ISA DRW LIC".split()),
    "sender_type": frozenset("PB SO AA WR".split()),
    "language": frozenset(_LANGUAGES.split()),
    "musical_work_distribution_category": frozenset("JAZ POP SER UNC".split()),
    "text_music_relationship": frozenset("MUS MTX TXT".split()),
    "composite_type": frozenset("COS MED POT UCO".split()),
    "version_type": frozenset("ORI MOD".split()),
    "excerpt_type": frozenset("MOV UEX".split()),
    "music_arrangement": frozenset("ARR ADM NEW ORI UNS".split()),
    "lyric_adaptation": frozenset("ADL MOD NEW NON ORI REP TRA UNS".split()),
    "title_type": frozenset("AT TE FT IT OT TT PT RT ET OL AL".split()),
    "publisher_type": frozenset("E AQ AM SE ES PA".split()),
    "writer_designation": frozenset("C A CA AR AD SR SA TR PA".split()),
    "special_agreements": frozenset("B L N R U Y".split()),
    "usa_license": frozenset("A B S".split()),
    "inclusion_exclusion": frozenset("I E".split()),
    "agreement_type": frozenset("OG OS PG PS".split()),
    "prior_royalty_status": frozenset("N A D".split()),
    "post_term_collection_status": frozenset("N O D".split()),
    "sales_manufacture_clause": frozenset("S M".split()),
    "agreement_role": frozenset("AS AC".split()),
    "intended_purpose": frozenset("COM FIL GEN LIB MUL RAD TEL THR VID".split()),
    "recording_format": frozenset("A V".split()),
    "recording_technique": frozenset("A D U".split()),
    "type_of_right": frozenset("PER MEC SYN ALL".split()),
    "subject_code": frozenset("DL DW IQ RQ SC GW".split()),
    "identifier_type": frozenset("W R P V".split()),
    "validity": frozenset("Y U N".split()),
    "transaction_status": frozenset("AS AC CO DU NP RA RC RJ SR CR DR UN LD NA WA".split()),
    "message_type": frozenset("F R T G E".split()),
    "message_level": frozenset("E G T R F".split()),
}

# Writer roles that make a work a version (MOD) and roles that count as an original creator.
VERSION_ROLES = frozenset("AR AD SR SA TR".split())
CREATOR_ROLES = frozenset("C A CA".split())
# Publisher types that may own shares (domain.md §1.6).
OWNING_PUBLISHER_TYPES = frozenset("E AQ".split())


@lru_cache(maxsize=1024)
def is_tis_code(code: str) -> bool:
    text = code.strip().lstrip("0")
    return text.isdigit() and text in Territory.all_tis_n

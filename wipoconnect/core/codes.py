"""Code lists of the documentation core (CWR tables), as data. No Django imports."""

RIGHT_TYPES = {"PR": "Performing right", "MR": "Mechanical right", "SR": "Synchronisation right"}
RIGHTS = tuple(RIGHT_TYPES)  # in the order of CWR's share columns
# The prefixes of the share and collection fields per right: pr_share, mr_collection, sr_ownership_share.
RIGHT_PREFIXES = tuple(code.lower() for code in RIGHTS)
# Performers' and producers' rights: memberships in related-rights societies and neighbouring-rights runs (works,
# their shares and CWR know only the three rights above).
RELATED_RIGHT = "RR"
RELATED_RIGHTS = {RELATED_RIGHT: "Related rights"}

WRITER_ROLES = {
    "C": "Composer",
    "A": "Author",
    "CA": "Composer/Author",
    "AR": "Arranger",
    "AD": "Adapter",
    "TR": "Translator",
    "SR": "Sub-arranger",
    "SA": "Sub-author",
    "PA": "Income participant",
}
PUBLISHER_ROLES = {
    "E": "Original publisher",
    "AQ": "Acquirer",
    "AM": "Administrator",
    "SE": "Sub-publisher",
    "ES": "Substituted publisher",
}
ROLES = {**WRITER_ROLES, **PUBLISHER_ROLES}

AGREEMENT_TYPES = {
    "OG": "Original general",
    "OS": "Original specific",
    "PG": "Sub-publishing general",
    "PS": "Sub-publishing specific",
}

# Society codes that mean "no society" on CWR records (distribution-rules.md step 6).
NO_SOCIETY_CODES = {"", "000", "099"}

"""Code lists of the documentation core (CWR tables), as data. No Django imports."""

RIGHT_TYPES = {"PR": "Performing right", "MR": "Mechanical right", "SR": "Synchronisation right"}
# Performers' and producers' rights: memberships in related-rights societies and neighbouring-rights runs (works,
# their shares and CWR know only the three rights above).
RELATED_RIGHTS = {"RR": "Related rights"}

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

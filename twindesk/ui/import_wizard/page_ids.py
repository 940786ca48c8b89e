"""The wizard's page ids, in the order a clerk meets them (QWizard's ids for its pages)."""

(
    PAGE_FILE,
    PAGE_SHEET,
    PAGE_HEADER,
    PAGE_MAPPING,
    PAGE_PREVIEW,
    PAGE_DUPLICATES,
    PAGE_COMMIT,
    PAGE_SUMMARY,
) = range(8)

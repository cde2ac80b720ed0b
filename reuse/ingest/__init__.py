"""Ingest stage: input paths -> :class:`~reuse.model.Document` values.

``discover`` finds the files a user named; ``lms`` lists LMS exports and recovers who wrote each
file; ``formats`` reads each format's bytes into text; ``extract`` runs the per-file pipeline
(on the run's :mod:`reuse.engine` executor, with ``cache`` for extracted texts); ``chrome`` and ``evasion``
mark scraped-page chrome and character tricks in the extracted text.
"""

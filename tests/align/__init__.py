"""Tests of the aligner (``reuse.align``), one file per module."""

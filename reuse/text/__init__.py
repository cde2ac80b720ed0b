"""Text stage: normalisation with an offset map, look-alike characters, quotations, reference
lists, and the deterministic word and shingle hashes every later stage uses."""

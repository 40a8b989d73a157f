"""Training data: import and export (formats, delimited, parquet, hub; their errors), checks (validate, codes, pii,
fixes), tokens and cost (tokens, tables), split, the Data view's session (index, overlay, session), synthetic
examples (synth), service commands (commands) and the CLI (cli, synth_cli). No Qt; heavy libraries load when used."""

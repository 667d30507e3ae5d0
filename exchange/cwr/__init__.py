"""CWR (Common Works Registration) codec for versions 2.1, 2.2, 3.0 and 3.1. No Django imports.

- layouts_2x / layouts_3x: record layouts as data (one table per record type and version)
- reader: streaming reader (records with line numbers and field errors, transactions, trailer checks)
- validation: transaction validation -> MSG-shaped messages and RA / AC / RJ
- writer: byte-exact fixed-width writer; naming: file names; ack: ACK file generation
- works / registration / agreements: work and agreement transactions as plain data, both ways (import, export)
"""

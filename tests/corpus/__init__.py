"""Hostile inputs shared by the core, CLI and window tests (issue 5): broken and awkward
images (``images``), malicious and wrong weights files (``weights``), and faults while
saving (``faults``). Generators and data only; no tests here.
"""

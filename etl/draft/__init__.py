"""The drafter (`jjj draft`): proposes a new document's catalog entries for a curator to review.

names (where drafts live) · text (sentences, clauses) · when (periods) · figure (value, unit,
qualifier, kind) · places (regions) · words (a figure's own words) · match (indicators) ·
new_entries (new indicators, region stubs) · meta (document metadata) · propose (figure →
statement) · write (YAML, accept) · run and command (`jjj draft`) · pending (drafts the build
leaves out).
"""

"""Form definitions, screening instruments and completeness rules (no Qt).

- fields.py: the vocabulary (field types, Field, Section, FormDefinition);
- male_carer.py: the one definition of a man's record (MALE_CARER_FORM);
- values.py: checking and showing values; dates.py: the one date grammar (with a strictness);
- record.py: reading and writing a man's facts with provenance, and export sections;
- roles.py: addressing a male-carer role (link a man, or declare none / not known);
- completeness.py: the rules behind `visible check`, the app's badges and banner;
- factor_map.py: per man, factor groups present / absent / not known (never a score);
- instruments/: PHQ-9, GAD-7, AUDIT-C, AUDIT, DAST-10, licence terms cited in each module.
"""

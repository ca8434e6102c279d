"""The statutory returns local authorities already produce for the DfE, taken as they are:
the Children in Need census (``cin``) and the SSDA903 return (``ssda903``), checked by the
DfE's own rules as Data to Insight publishes them (``dfe_rules``, in an environment of
their own: ``environment``), pseudonymised at the door, and turned into the partnership's
measures (``derive``, ``load``) with a query where la-csc-activity says otherwise
(``agreement``). ``docs/statutory.md`` says how it fits together.
"""

"""Child populations: the denominators of every rate per 10,000 children.

They are a dated, versioned input: each release (an ONS mid-year estimate, say) is kept as
it came, from the catalogue (``contracts/catalogue/populations.yaml``) or imported by a
steward (``sdh populations import``) with who and when; for each area and mid-year the
release added last is the one the reports use (``v_area_population``). Where a rate has
no figure, :func:`population_note` says why.
"""

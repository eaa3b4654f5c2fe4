"""The municipality's numbers for the statutory reports it files: MRPiPS-03 (social contracts)
and the yearly assessment of social-assistance resources, OZPS (the cooperation parts)."""

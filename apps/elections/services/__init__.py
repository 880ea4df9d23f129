"""Every write of the elections app; split by entity."""

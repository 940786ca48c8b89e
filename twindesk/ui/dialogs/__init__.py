"""Dialog windows of the TwinDesk GUI."""

"""Geography: reference lookups and the areas users name."""

"""The kit: readers, writers and helpers any stage may use; none of it knows the SOP."""

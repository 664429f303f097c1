"""The SOP's stages, one module each, named in the order the SOP runs them."""

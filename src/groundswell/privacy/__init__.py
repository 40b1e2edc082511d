"""Pseudonyms and encryption that keep the people in a collection from being singled out."""

from groundswell.privacy.keys import KeyRing, default_key_path, load_or_create_key
from groundswell.privacy.pseudonyms import Pseudonymizer

__all__ = ["KeyRing", "Pseudonymizer", "default_key_path", "load_or_create_key"]

"""Helpers for the browser tests of the built site (accessibility, print, phone)."""

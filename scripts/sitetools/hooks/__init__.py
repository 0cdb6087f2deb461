"""The MkDocs build hooks' logic, one module per hook of mkdocs.yml's ``hooks:`` list.

MkDocs loads each hook by file path; overrides/hooks/<name>.py only re-exports the event functions
(``on_config``, ``on_page_markdown``, ...) of sitetools.hooks.<name>. Here they are importable: the tests call
them directly, mutmut can measure them, and a successor tool can import them.

Event priorities are set after each definition (``on_x = event_priority(n)(on_x)``), not as decorators:
mutmut leaves decorated functions unmutated.
"""

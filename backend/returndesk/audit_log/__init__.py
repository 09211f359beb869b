"""The audit log's read side: events listed for the console and exported as CSV.

Apart from the write side (`returndesk.audit`: `record()` and its `Kind`s), which every domain
package calls and which therefore sits below them all; reading joins orders, returns and cases,
so it sits among the domain packages.
"""

"""Bookings, split by concern (as pretix splits its `base/services`); each rule lives in one module:

- `rules`: booking types, statuses and the status machine, who may cancel, guest limits;
- `places`: what a booking holds in which room, the slot ledger, and reading it;
- `quotes`: the price of a booking from its published package;
- `availability`: a day's start times with the places left, and the next free times;
- `validation`: a parent's request checked and cleaned into a `BookingRequest`;
- `writing`: the one transaction that books (customer, booking, holds, audit, notifications, mail);
- `transitions`: moving a booking through the status machine (staff actions, a parent's cancel);
- `listing`: the staff's filters, lists, detail panel, exports and calendars;
- `waitlist`: waiting for a full session, and offering freed places in order;
- `display`: how a booking's facts read (labels, summaries).
"""

//! A user's agenda for a day (ACT-4): planned activities, overdue tasks, reminders due.

// Package notify decides, for one person, what to do with a notification:
// show it now, hold it until their working hours start, or fold it into
// the digest that arrives when their focus ends. It is pure: the caller
// gives it the time, the person (time zone, working hours, focus session)
// and their settings, and it never reads a clock, a file or the network.
package notify

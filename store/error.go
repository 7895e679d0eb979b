package store

import (
	"errors"
	"fmt"
)

// Error codes. The frontend switches on these; Message is what a person reads.
const (
	ECONFLICT    = "conflict"    // the action conflicts with the current state
	EFORBIDDEN   = "forbidden"   // the actor may not do this
	EINTERNAL    = "internal"    // a bug or an environment failure
	EINVALID     = "invalid"     // the input is malformed
	ENOTFOUND    = "not_found"   // the thing does not exist
	EUNAVAILABLE = "unavailable" // storage cannot be used (unreadable, foreign, too new)
)

// Error is an application error: a code for programs and a sentence for people.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	default:
		return EINTERNAL
	}
}

// ErrorMessage returns the human sentence of the first *Error in err's
// chain, or a generic sentence for internal errors, whose details are for
// logs and not for people.
func ErrorMessage(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Message
	default:
		return "Something went wrong inside Longhand. The details are in the log."
	}
}

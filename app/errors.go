package app

import (
	"log/slog"

	"github.com/longhand/longhand/store"
)

// FormatError turns any error from a bound method into an ErrorView: the
// code and the sentence for a person. Internal details go to the log only.
func FormatError(log *slog.Logger) func(error) any {
	return func(err error) any {
		code := store.ErrorCode(err)
		if code == store.EINTERNAL {
			log.Error("bound method failed", "err", err)
		}
		return ErrorView{Code: code, Message: store.ErrorMessage(err)}
	}
}

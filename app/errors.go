package app

import (
	"encoding/json"
	"log/slog"

	"github.com/longhand/longhand/store"
)

// FormatError turns any error from a bound method into what a rejected
// call carries to the frontend: an ErrorView as JSON text (the Wails
// runtime rejects with an Error whose message is the formatter's result,
// so an object would arrive as "[object Object]"). Internal details go to
// the log only. When the data cannot be used, the view names the folder.
func FormatError(log *slog.Logger, dataDir string) func(error) any {
	return func(err error) any {
		v := ErrorView{Code: store.ErrorCode(err), Message: store.ErrorMessage(err)}
		switch v.Code {
		case store.EINTERNAL:
			log.Error("bound method failed", "err", err)
		case store.EUNAVAILABLE:
			v.DataDir = dataDir
		}
		b, _ := json.Marshal(v)
		return string(b)
	}
}

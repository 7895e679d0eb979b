package app

import (
	"context"
	"io"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/store/sqlite"
)

// unavailable stands in for the store when the data could not be opened:
// every call returns the reason, so the frontend can show it.
type unavailable struct{ err error }

var (
	_ store.PageService      = unavailable{}
	_ store.SearchService    = unavailable{}
	_ store.WorkspaceService = unavailable{}
	_ store.SpaceService     = unavailable{}
	_ store.HistoryService   = unavailable{}
	_ store.CommentService   = unavailable{}
	_ store.GoalService      = unavailable{}
)

func (u unavailable) FindPage(context.Context, store.DocID) (*store.Page, error) { return nil, u.err }
func (u unavailable) FindPages(context.Context, store.PageFilter) ([]store.PageSummary, error) {
	return nil, u.err
}
func (u unavailable) CreatePage(context.Context, store.NewPage) (*store.Page, error) {
	return nil, u.err
}
func (u unavailable) MovePage(context.Context, store.DocID, store.PageMove) (*store.Page, error) {
	return nil, u.err
}
func (u unavailable) FindBacklinks(context.Context, store.DocID) ([]store.PageSummary, error) {
	return nil, u.err
}
func (u unavailable) FindPageByTitle(context.Context, string) (*store.PageSummary, error) {
	return nil, u.err
}
func (u unavailable) FindVersions(context.Context, store.DocID) ([]store.Version, error) {
	return nil, u.err
}
func (u unavailable) FindVersion(context.Context, store.DocID, string) (*store.Page, error) {
	return nil, u.err
}
func (u unavailable) FindTemplates(context.Context) ([]store.Template, error) { return nil, u.err }
func (u unavailable) FindSpaces(context.Context) ([]store.Space, error)       { return nil, u.err }
func (u unavailable) CreateSpace(context.Context, string, string, string) (*store.Space, error) {
	return nil, u.err
}
func (u unavailable) UpdatePage(context.Context, store.DocID, store.PageUpdate) (*store.Page, error) {
	return nil, u.err
}
func (u unavailable) EditPage(context.Context, store.DocID, store.Edit) (*store.EditResult, error) {
	return nil, u.err
}
func (u unavailable) DeletePage(context.Context, store.DocID) ([]store.DocID, error) {
	return nil, u.err
}
func (u unavailable) RestorePage(context.Context, store.DocID) ([]store.DocID, error) {
	return nil, u.err
}
func (u unavailable) PurgePage(context.Context, store.DocID) error { return u.err }
func (u unavailable) Search(context.Context, string, int) ([]store.SearchHit, error) {
	return nil, u.err
}
func (u unavailable) FindSession(context.Context) (*store.Session, error) { return nil, u.err }
func (u unavailable) CreateWorkspace(context.Context, string, string, string) (*store.Session, error) {
	return nil, u.err
}
func (u unavailable) FindThreads(context.Context, store.DocID) ([]store.Thread, error) {
	return nil, u.err
}
func (u unavailable) CreateThread(context.Context, store.DocID, string, int, int, string, []store.DocID) (*store.Thread, error) {
	return nil, u.err
}
func (u unavailable) ReplyToThread(context.Context, store.DocID, string, string, []store.DocID) (*store.Thread, error) {
	return nil, u.err
}
func (u unavailable) ResolveThread(context.Context, store.DocID, string, bool) (*store.Thread, error) {
	return nil, u.err
}

func (u unavailable) FindGoal(context.Context, store.DocID) (*store.Goal, error) { return nil, u.err }
func (u unavailable) FindGoals(context.Context, store.GoalFilter) ([]store.Goal, error) {
	return nil, u.err
}
func (u unavailable) CreateGoal(context.Context, store.NewGoal) (*store.Goal, error) {
	return nil, u.err
}
func (u unavailable) UpdateGoal(context.Context, store.DocID, store.GoalUpdate) (*store.Goal, error) {
	return nil, u.err
}
func (u unavailable) CloseGoal(context.Context, store.DocID, string) (*store.Goal, error) {
	return nil, u.err
}
func (u unavailable) FindCheckIn(context.Context, store.DocID) (*store.CheckIn, error) {
	return nil, u.err
}
func (u unavailable) FindCheckIns(context.Context, store.CheckInFilter) ([]store.CheckIn, error) {
	return nil, u.err
}
func (u unavailable) CreateCheckIn(context.Context, store.NewCheckIn) (*store.CheckIn, error) {
	return nil, u.err
}
func (u unavailable) CommentOnCheckIn(context.Context, store.DocID, string) (*store.CheckIn, error) {
	return nil, u.err
}
func (u unavailable) FindSchedule(context.Context, store.DocID) (store.Schedule, error) {
	return store.Schedule{}, u.err
}
func (u unavailable) SetSchedule(context.Context, store.DocID, store.Schedule) error { return u.err }

var (
	_ store.MemberService = unavailable{}
	_ store.ReviewService = unavailable{}
)

func (u unavailable) FindMembers(context.Context) ([]store.Member, error) { return nil, u.err }
func (u unavailable) FindMember(context.Context, store.DocID) (*store.Member, error) {
	return nil, u.err
}
func (u unavailable) CreateMember(context.Context, store.NewMember) (*store.Member, error) {
	return nil, u.err
}
func (u unavailable) UpdateMember(context.Context, store.DocID, store.MemberUpdate) (*store.Member, error) {
	return nil, u.err
}
func (u unavailable) FindReview(context.Context, store.DocID) (*store.Review, error) {
	return nil, u.err
}
func (u unavailable) FindReviewItems(context.Context) ([]store.ReviewItem, error) { return nil, u.err }
func (u unavailable) SetStatus(context.Context, store.DocID, store.Status) (*store.Review, error) {
	return nil, u.err
}
func (u unavailable) SetOwner(context.Context, store.DocID, store.DocID) (*store.Review, error) {
	return nil, u.err
}
func (u unavailable) SetReviewBy(context.Context, store.DocID, string) (*store.Review, error) {
	return nil, u.err
}
func (u unavailable) AddReviewer(context.Context, store.DocID, store.DocID, string) (*store.Review, error) {
	return nil, u.err
}
func (u unavailable) RemoveReviewer(context.Context, store.DocID, store.DocID) (*store.Review, error) {
	return nil, u.err
}
func (u unavailable) MarkRead(context.Context, store.DocID) (*store.Review, error) { return nil, u.err }
func (u unavailable) Approve(context.Context, store.DocID, bool) (*store.Review, error) {
	return nil, u.err
}
func (u unavailable) SetMeeting(context.Context, store.DocID, bool) (*store.Review, error) {
	return nil, u.err
}
func (u unavailable) SetPreRead(context.Context, store.DocID, store.DocID) (*store.Review, error) {
	return nil, u.err
}
func (u unavailable) SetReady(context.Context, store.DocID, bool) (*store.Review, error) {
	return nil, u.err
}
func (u unavailable) AddDecision(context.Context, store.DocID, string) (*store.Review, error) {
	return nil, u.err
}
func (u unavailable) DeleteDecision(context.Context, store.DocID, string) (*store.Review, error) {
	return nil, u.err
}
func (u unavailable) NameVersion(context.Context, store.DocID, string) (*store.Version, error) {
	return nil, u.err
}
func (u unavailable) FindTrashedSpaces(context.Context) ([]store.Space, error) { return nil, u.err }
func (u unavailable) UpdateSpace(context.Context, store.DocID, store.SpaceUpdate) (*store.Space, error) {
	return nil, u.err
}
func (u unavailable) MoveSpace(context.Context, store.DocID, store.DocID) ([]store.Space, error) {
	return nil, u.err
}
func (u unavailable) DeleteSpace(context.Context, store.DocID) ([]store.DocID, error) {
	return nil, u.err
}
func (u unavailable) RestoreSpace(context.Context, store.DocID) ([]store.DocID, error) {
	return nil, u.err
}
func (u unavailable) PurgeSpace(context.Context, store.DocID) ([]store.DocID, error) {
	return nil, u.err
}

var (
	_ store.ChatService   = unavailable{}
	_ store.OutboxService = unavailable{}
)

func (u unavailable) FindConversations(context.Context) ([]store.Conversation, error) {
	return nil, u.err
}
func (u unavailable) FindConversation(context.Context, store.DocID) (*store.Conversation, error) {
	return nil, u.err
}
func (u unavailable) StartConversation(context.Context, []store.DocID) (*store.Conversation, error) {
	return nil, u.err
}
func (u unavailable) AddToConversation(context.Context, store.DocID, store.DocID) (*store.Conversation, error) {
	return nil, u.err
}
func (u unavailable) FindMessages(context.Context, store.DocID, time.Time, int) ([]store.Message, error) {
	return nil, u.err
}
func (u unavailable) SendMessage(context.Context, store.DocID, string) (*store.Message, error) {
	return nil, u.err
}
func (u unavailable) EditMessage(context.Context, store.DocID, string, string) (*store.Message, error) {
	return nil, u.err
}
func (u unavailable) DeleteMessage(context.Context, store.DocID, string) error    { return u.err }
func (u unavailable) MarkChatRead(context.Context, store.DocID) error             { return u.err }
func (u unavailable) FindSeen(context.Context, store.DocID) ([]store.Seen, error) { return nil, u.err }
func (u unavailable) SetShareSeen(context.Context, bool) error                    { return u.err }
func (u unavailable) SaveChatAsPage(context.Context, store.DocID, []string, store.DocID, string) (*store.Page, error) {
	return nil, u.err
}
func (u unavailable) ScheduleMessage(context.Context, store.DocID, string, time.Time) (*store.Scheduled, error) {
	return nil, u.err
}
func (u unavailable) SchedulePost(context.Context, store.DocID, string, string, time.Time) (*store.Scheduled, error) {
	return nil, u.err
}
func (u unavailable) FindScheduled(context.Context, store.DocID) ([]store.Scheduled, error) {
	return nil, u.err
}
func (u unavailable) CancelScheduled(context.Context, string) error { return u.err }
func (u unavailable) SendDue(context.Context) ([]store.Sent, error) { return nil, u.err }
func (u unavailable) NextDue(context.Context) (time.Time, error)    { return time.Time{}, u.err }

var _ store.AttachmentService = unavailable{}

func (u unavailable) CreateAttachment(context.Context, string, []byte) (*store.Attachment, error) {
	return nil, u.err
}
func (u unavailable) FindAttachment(context.Context, string) (*store.Attachment, error) {
	return nil, u.err
}

var _ AttachmentStore = unavailable{}

func (u unavailable) CreateBlob(context.Context, string, io.Reader, int64) (*store.Blob, error) {
	return nil, u.err
}
func (u unavailable) FindBlob(context.Context, string) (*store.Blob, error) { return nil, u.err }
func (u unavailable) OpenBlob(context.Context, string) (io.ReadSeekCloser, *store.Blob, error) {
	return nil, nil, u.err
}
func (u unavailable) BlobSettings(context.Context) (store.BlobSettings, error) {
	return store.BlobSettings{}, u.err
}
func (u unavailable) SetBlobSettings(context.Context, store.BlobSettings) error { return u.err }
func (u unavailable) WantBlob(string) error                                     { return u.err }
func (u unavailable) FindVideo(context.Context, string) (*store.Video, error)   { return nil, u.err }
func (u unavailable) BlobRefusal(context.Context, string) (string, error)       { return "", u.err }

var _ store.InboxService = unavailable{}

func (u unavailable) FindInbox(context.Context, store.InboxFilter) ([]store.InboxItem, error) {
	return nil, u.err
}
func (u unavailable) CountUnread(context.Context) (int, error)             { return 0, u.err }
func (u unavailable) MarkInboxRead(context.Context, []string) error        { return u.err }
func (u unavailable) MarkInboxDone(context.Context, []string, bool) error  { return u.err }
func (u unavailable) SnoozeInbox(context.Context, string, time.Time) error { return u.err }

func (u unavailable) MembershipState(context.Context) (*membership.State, error) { return nil, u.err }
func (u unavailable) AppendMembership(context.Context, *membership.Entry) error  { return u.err }

func (u unavailable) SetFocus(context.Context, time.Time) (*store.Member, error) { return nil, u.err }

func (u unavailable) AddSyncAddress(context.Context, string) error        { return u.err }
func (u unavailable) RemoveSyncAddress(context.Context, string) error     { return u.err }
func (u unavailable) FindSyncAddresses(context.Context) ([]string, error) { return nil, u.err }
func (u unavailable) FindDocStatus(context.Context, store.DocID) ([]sqlite.DocPeerStatus, error) {
	return nil, u.err
}

func (u unavailable) StartImport(context.Context, store.DocID, string) (*store.Import, error) {
	return nil, u.err
}
func (u unavailable) FindImports(context.Context) ([]store.Import, error)       { return nil, u.err }
func (u unavailable) FindImport(context.Context, string) (*store.Import, error) { return nil, u.err }
func (u unavailable) SetImportTotal(context.Context, string, int) error         { return u.err }
func (u unavailable) ImportedPages(context.Context, string) (map[string]store.DocID, error) {
	return nil, u.err
}
func (u unavailable) CreateImportedPage(context.Context, string, string, store.NewPage) (*store.Page, error) {
	return nil, u.err
}
func (u unavailable) EndImport(context.Context, string) error { return u.err }

export namespace app {
	
	export class AckView {
	    memberId: string;
	    at: string;
	
	    static createFrom(source: any = {}) {
	        return new AckView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.memberId = source["memberId"];
	        this.at = source["at"];
	    }
	}
	export class ChannelView {
	    id: string;
	    name: string;
	    description: string;
	    icon: string;
	    default: boolean;
	    adminsOnly: boolean;
	    archived: boolean;
	    createdBy: string;
	    joined: boolean;
	    muted: boolean;
	    canPost: boolean;
	    unread: number;
	    lastSeen: string;
	    lastPost: string;
	
	    static createFrom(source: any = {}) {
	        return new ChannelView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.icon = source["icon"];
	        this.default = source["default"];
	        this.adminsOnly = source["adminsOnly"];
	        this.archived = source["archived"];
	        this.createdBy = source["createdBy"];
	        this.joined = source["joined"];
	        this.muted = source["muted"];
	        this.canPost = source["canPost"];
	        this.unread = source["unread"];
	        this.lastSeen = source["lastSeen"];
	        this.lastPost = source["lastPost"];
	    }
	}
	export class DecisionView {
	    id: string;
	    text: string;
	    authorId: string;
	    authorName: string;
	    at: string;
	
	    static createFrom(source: any = {}) {
	        return new DecisionView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.text = source["text"];
	        this.authorId = source["authorId"];
	        this.authorName = source["authorName"];
	        this.at = source["at"];
	    }
	}
	export class PageSummary {
	    id: string;
	    title: string;
	    excerpt: string;
	    spaceId: string;
	    parentId: string;
	    position: string;
	    template: boolean;
	    kind: string;
	    status: string;
	    ownerId: string;
	    updatedAt: string;
	    deletedAt: string;
	    damaged: string;
	
	    static createFrom(source: any = {}) {
	        return new PageSummary(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.excerpt = source["excerpt"];
	        this.spaceId = source["spaceId"];
	        this.parentId = source["parentId"];
	        this.position = source["position"];
	        this.template = source["template"];
	        this.kind = source["kind"];
	        this.status = source["status"];
	        this.ownerId = source["ownerId"];
	        this.updatedAt = source["updatedAt"];
	        this.deletedAt = source["deletedAt"];
	        this.damaged = source["damaged"];
	    }
	}
	export class EditView {
	    prevRev: string;
	    rev: string;
	    rebased: boolean;
	    page: PageSummary;
	
	    static createFrom(source: any = {}) {
	        return new EditView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.prevRev = source["prevRev"];
	        this.rev = source["rev"];
	        this.rebased = source["rebased"];
	        this.page = this.convertValues(source["page"], PageSummary);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class EmailView {
	    id: string;
	    name: string;
	    from: string;
	    to: string;
	    subject: string;
	    date: string;
	    size: number;
	
	    static createFrom(source: any = {}) {
	        return new EmailView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.from = source["from"];
	        this.to = source["to"];
	        this.subject = source["subject"];
	        this.date = source["date"];
	        this.size = source["size"];
	    }
	}
	export class MeetingView {
	    preReadId: string;
	    preReadTitle: string;
	    preReadStatus: string;
	    preReadGone: boolean;
	    ready: boolean;
	
	    static createFrom(source: any = {}) {
	        return new MeetingView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.preReadId = source["preReadId"];
	        this.preReadTitle = source["preReadTitle"];
	        this.preReadStatus = source["preReadStatus"];
	        this.preReadGone = source["preReadGone"];
	        this.ready = source["ready"];
	    }
	}
	export class MemberInput {
	    name: string;
	    timeZone: string;
	    role: string;
	    team: string;
	    managerId: string;
	    workStart: string;
	    workEnd: string;
	
	    static createFrom(source: any = {}) {
	        return new MemberInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.timeZone = source["timeZone"];
	        this.role = source["role"];
	        this.team = source["team"];
	        this.managerId = source["managerId"];
	        this.workStart = source["workStart"];
	        this.workEnd = source["workEnd"];
	    }
	}
	export class MemberView {
	    id: string;
	    name: string;
	    timeZone: string;
	    role: string;
	    team: string;
	    managerId: string;
	    workStart: string;
	    workEnd: string;
	
	    static createFrom(source: any = {}) {
	        return new MemberView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.timeZone = source["timeZone"];
	        this.role = source["role"];
	        this.team = source["team"];
	        this.managerId = source["managerId"];
	        this.workStart = source["workStart"];
	        this.workEnd = source["workEnd"];
	    }
	}
	export class MoveInput {
	    spaceId: string;
	    parentId: string;
	    beforeId: string;
	
	    static createFrom(source: any = {}) {
	        return new MoveInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.spaceId = source["spaceId"];
	        this.parentId = source["parentId"];
	        this.beforeId = source["beforeId"];
	    }
	}
	export class NewPageInput {
	    title: string;
	    spaceId: string;
	    parentId: string;
	    from: string;
	
	    static createFrom(source: any = {}) {
	        return new NewPageInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.title = source["title"];
	        this.spaceId = source["spaceId"];
	        this.parentId = source["parentId"];
	        this.from = source["from"];
	    }
	}
	export class NewPostInput {
	    channelId: string;
	    title: string;
	    body: string;
	    requestAck: boolean;
	
	    static createFrom(source: any = {}) {
	        return new NewPostInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.channelId = source["channelId"];
	        this.title = source["title"];
	        this.body = source["body"];
	        this.requestAck = source["requestAck"];
	    }
	}
	
	export class PageView {
	    id: string;
	    title: string;
	    body: string;
	    spaceId: string;
	    parentId: string;
	    position: string;
	    template: boolean;
	    kind: string;
	    status: string;
	    ownerId: string;
	    rev: string;
	    createdAt: string;
	    updatedAt: string;
	    deletedAt: string;
	    damaged: string;
	
	    static createFrom(source: any = {}) {
	        return new PageView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.body = source["body"];
	        this.spaceId = source["spaceId"];
	        this.parentId = source["parentId"];
	        this.position = source["position"];
	        this.template = source["template"];
	        this.kind = source["kind"];
	        this.status = source["status"];
	        this.ownerId = source["ownerId"];
	        this.rev = source["rev"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	        this.deletedAt = source["deletedAt"];
	        this.damaged = source["damaged"];
	    }
	}
	export class ReactionView {
	    emoji: string;
	    members: string[];
	
	    static createFrom(source: any = {}) {
	        return new ReactionView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.emoji = source["emoji"];
	        this.members = source["members"];
	    }
	}
	export class PostReplyView {
	    id: string;
	    authorId: string;
	    body: string;
	    mentions: string[];
	    createdAt: string;
	    editedAt: string;
	    deleted: boolean;
	    reactions: ReactionView[];
	
	    static createFrom(source: any = {}) {
	        return new PostReplyView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.authorId = source["authorId"];
	        this.body = source["body"];
	        this.mentions = source["mentions"];
	        this.createdAt = source["createdAt"];
	        this.editedAt = source["editedAt"];
	        this.deleted = source["deleted"];
	        this.reactions = this.convertValues(source["reactions"], ReactionView);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PostSummaryView {
	    id: string;
	    channelId: string;
	    title: string;
	    excerpt: string;
	    authorId: string;
	    createdAt: string;
	    editedAt: string;
	    deleted: boolean;
	    pinned: boolean;
	    replyCount: number;
	    lastActivity: string;
	    lastActorId: string;
	    reactions: ReactionView[];
	    ackRequested: boolean;
	    ackCount: number;
	    ackedByMe: boolean;
	    promotedTo: string;
	    promotedName: string;
	    emailFrom: string;
	    emailSubject: string;
	    mentions: string[];
	
	    static createFrom(source: any = {}) {
	        return new PostSummaryView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.channelId = source["channelId"];
	        this.title = source["title"];
	        this.excerpt = source["excerpt"];
	        this.authorId = source["authorId"];
	        this.createdAt = source["createdAt"];
	        this.editedAt = source["editedAt"];
	        this.deleted = source["deleted"];
	        this.pinned = source["pinned"];
	        this.replyCount = source["replyCount"];
	        this.lastActivity = source["lastActivity"];
	        this.lastActorId = source["lastActorId"];
	        this.reactions = this.convertValues(source["reactions"], ReactionView);
	        this.ackRequested = source["ackRequested"];
	        this.ackCount = source["ackCount"];
	        this.ackedByMe = source["ackedByMe"];
	        this.promotedTo = source["promotedTo"];
	        this.promotedName = source["promotedName"];
	        this.emailFrom = source["emailFrom"];
	        this.emailSubject = source["emailSubject"];
	        this.mentions = source["mentions"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PostView {
	    id: string;
	    channelId: string;
	    title: string;
	    body: string;
	    authorId: string;
	    createdAt: string;
	    editedAt: string;
	    deleted: boolean;
	    pinned: boolean;
	    mentions: string[];
	    ackRequested: boolean;
	    acks: AckView[];
	    reactions: ReactionView[];
	    replies: PostReplyView[];
	    promotedTo: string;
	    promotedName: string;
	    email?: EmailView;
	    lastActivity: string;
	
	    static createFrom(source: any = {}) {
	        return new PostView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.channelId = source["channelId"];
	        this.title = source["title"];
	        this.body = source["body"];
	        this.authorId = source["authorId"];
	        this.createdAt = source["createdAt"];
	        this.editedAt = source["editedAt"];
	        this.deleted = source["deleted"];
	        this.pinned = source["pinned"];
	        this.mentions = source["mentions"];
	        this.ackRequested = source["ackRequested"];
	        this.acks = this.convertValues(source["acks"], AckView);
	        this.reactions = this.convertValues(source["reactions"], ReactionView);
	        this.replies = this.convertValues(source["replies"], PostReplyView);
	        this.promotedTo = source["promotedTo"];
	        this.promotedName = source["promotedName"];
	        this.email = this.convertValues(source["email"], EmailView);
	        this.lastActivity = source["lastActivity"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PromoteView {
	    post: PostView;
	    page: PageSummary;
	
	    static createFrom(source: any = {}) {
	        return new PromoteView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.post = this.convertValues(source["post"], PostView);
	        this.page = this.convertValues(source["page"], PageSummary);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class ReplyView {
	    id: string;
	    authorId: string;
	    authorName: string;
	    body: string;
	    mentions: string[];
	    createdAt: string;
	
	    static createFrom(source: any = {}) {
	        return new ReplyView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.authorId = source["authorId"];
	        this.authorName = source["authorName"];
	        this.body = source["body"];
	        this.mentions = source["mentions"];
	        this.createdAt = source["createdAt"];
	    }
	}
	export class ReviewItemView {
	    page: PageSummary;
	    reason: string;
	    due: string;
	    dueDate: string;
	    state: string;
	    pending: number;
	    overdue: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ReviewItemView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.page = this.convertValues(source["page"], PageSummary);
	        this.reason = source["reason"];
	        this.due = source["due"];
	        this.dueDate = source["dueDate"];
	        this.state = source["state"];
	        this.pending = source["pending"];
	        this.overdue = source["overdue"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ReviewerView {
	    memberId: string;
	    name: string;
	    timeZone: string;
	    state: string;
	    dueDate: string;
	    due: string;
	
	    static createFrom(source: any = {}) {
	        return new ReviewerView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.memberId = source["memberId"];
	        this.name = source["name"];
	        this.timeZone = source["timeZone"];
	        this.state = source["state"];
	        this.dueDate = source["dueDate"];
	        this.due = source["due"];
	    }
	}
	export class ReviewView {
	    pageId: string;
	    kind: string;
	    status: string;
	    ownerId: string;
	    reviewBy: string;
	    reviewers: ReviewerView[];
	    meeting: MeetingView;
	    decisions: DecisionView[];
	    decidedAt: string;
	    decidedBy: string;
	    decidedByName: string;
	
	    static createFrom(source: any = {}) {
	        return new ReviewView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.pageId = source["pageId"];
	        this.kind = source["kind"];
	        this.status = source["status"];
	        this.ownerId = source["ownerId"];
	        this.reviewBy = source["reviewBy"];
	        this.reviewers = this.convertValues(source["reviewers"], ReviewerView);
	        this.meeting = this.convertValues(source["meeting"], MeetingView);
	        this.decisions = this.convertValues(source["decisions"], DecisionView);
	        this.decidedAt = source["decidedAt"];
	        this.decidedBy = source["decidedBy"];
	        this.decidedByName = source["decidedByName"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class SearchHit {
	    id: string;
	    kind: string;
	    title: string;
	    snippet: string;
	
	    static createFrom(source: any = {}) {
	        return new SearchHit(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.kind = source["kind"];
	        this.title = source["title"];
	        this.snippet = source["snippet"];
	    }
	}
	export class SessionView {
	    ready: boolean;
	    workspaceName: string;
	    meId: string;
	    meName: string;
	    timeZone: string;
	    systemTimeZone: string;
	    dataDir: string;
	
	    static createFrom(source: any = {}) {
	        return new SessionView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ready = source["ready"];
	        this.workspaceName = source["workspaceName"];
	        this.meId = source["meId"];
	        this.meName = source["meName"];
	        this.timeZone = source["timeZone"];
	        this.systemTimeZone = source["systemTimeZone"];
	        this.dataDir = source["dataDir"];
	    }
	}
	export class SpaceView {
	    id: string;
	    name: string;
	    description: string;
	    icon: string;
	    homeId: string;
	
	    static createFrom(source: any = {}) {
	        return new SpaceView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.icon = source["icon"];
	        this.homeId = source["homeId"];
	    }
	}
	export class TemplateView {
	    id: string;
	    name: string;
	    description: string;
	    builtin: boolean;
	
	    static createFrom(source: any = {}) {
	        return new TemplateView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.builtin = source["builtin"];
	    }
	}
	export class ThreadView {
	    id: string;
	    pageId: string;
	    start: number;
	    end: number;
	    quote: string;
	    detached: boolean;
	    resolved: boolean;
	    resolvedBy: string;
	    resolvedAt: string;
	    replies: ReplyView[];
	
	    static createFrom(source: any = {}) {
	        return new ThreadView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.pageId = source["pageId"];
	        this.start = source["start"];
	        this.end = source["end"];
	        this.quote = source["quote"];
	        this.detached = source["detached"];
	        this.resolved = source["resolved"];
	        this.resolvedBy = source["resolvedBy"];
	        this.resolvedAt = source["resolvedAt"];
	        this.replies = this.convertValues(source["replies"], ReplyView);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class VersionView {
	    id: string;
	    authorId: string;
	    authorName: string;
	    start: string;
	    end: string;
	    changes: number;
	
	    static createFrom(source: any = {}) {
	        return new VersionView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.authorId = source["authorId"];
	        this.authorName = source["authorName"];
	        this.start = source["start"];
	        this.end = source["end"];
	        this.changes = source["changes"];
	    }
	}

}

export namespace store {
	
	export class Splice {
	    pos: number;
	    del: number;
	    ins: string;
	
	    static createFrom(source: any = {}) {
	        return new Splice(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.pos = source["pos"];
	        this.del = source["del"];
	        this.ins = source["ins"];
	    }
	}

}


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
	export class AttachmentStatus {
	    hash: string;
	    known: boolean;
	    name: string;
	    size: number;
	    mime: string;
	    image: boolean;
	    have: number;
	    parts: number;
	    complete: boolean;
	    video: boolean;
	    refused: string;
	
	    static createFrom(source: any = {}) {
	        return new AttachmentStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.hash = source["hash"];
	        this.known = source["known"];
	        this.name = source["name"];
	        this.size = source["size"];
	        this.mime = source["mime"];
	        this.image = source["image"];
	        this.have = source["have"];
	        this.parts = source["parts"];
	        this.complete = source["complete"];
	        this.video = source["video"];
	        this.refused = source["refused"];
	    }
	}
	export class AttachmentView {
	    hash: string;
	    mime: string;
	    size: number;
	    name: string;
	    image: boolean;
	    ref: string;
	
	    static createFrom(source: any = {}) {
	        return new AttachmentView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.hash = source["hash"];
	        this.mime = source["mime"];
	        this.size = source["size"];
	        this.name = source["name"];
	        this.image = source["image"];
	        this.ref = source["ref"];
	    }
	}
	export class SkippedFile {
	    path: string;
	    reason: string;
	
	    static createFrom(source: any = {}) {
	        return new SkippedFile(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.reason = source["reason"];
	    }
	}
	export class AutomergeView {
	    path: string;
	    docs: number;
	    firstId: string;
	    skipped: SkippedFile[];
	
	    static createFrom(source: any = {}) {
	        return new AutomergeView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.docs = source["docs"];
	        this.firstId = source["firstId"];
	        this.skipped = this.convertValues(source["skipped"], SkippedFile);
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
	export class TreeRowView {
	    id: string;
	    title: string;
	    spaceId: string;
	    parentId: string;
	    position: string;
	    children: number;
	    updatedAt: string;
	    damaged: string;
	
	    static createFrom(source: any = {}) {
	        return new TreeRowView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.spaceId = source["spaceId"];
	        this.parentId = source["parentId"];
	        this.position = source["position"];
	        this.children = source["children"];
	        this.updatedAt = source["updatedAt"];
	        this.damaged = source["damaged"];
	    }
	}
	export class BranchView {
	    total: number;
	    offset: number;
	    rows: TreeRowView[];
	
	    static createFrom(source: any = {}) {
	        return new BranchView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.total = source["total"];
	        this.offset = source["offset"];
	        this.rows = this.convertValues(source["rows"], TreeRowView);
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
	export class ChapterView {
	    start: number;
	    title: string;
	
	    static createFrom(source: any = {}) {
	        return new ChapterView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.start = source["start"];
	        this.title = source["title"];
	    }
	}
	export class CheckInCommentView {
	    id: string;
	    authorId: string;
	    body: string;
	    createdAt: string;
	
	    static createFrom(source: any = {}) {
	        return new CheckInCommentView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.authorId = source["authorId"];
	        this.body = source["body"];
	        this.createdAt = source["createdAt"];
	    }
	}
	export class GoalCheckInView {
	    goalId: string;
	    title: string;
	    value: number;
	    done: boolean;
	    status: string;
	    confidence: number;
	    note: string;
	
	    static createFrom(source: any = {}) {
	        return new GoalCheckInView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.goalId = source["goalId"];
	        this.title = source["title"];
	        this.value = source["value"];
	        this.done = source["done"];
	        this.status = source["status"];
	        this.confidence = source["confidence"];
	        this.note = source["note"];
	    }
	}
	export class CheckInInput {
	    updates: GoalCheckInView[];
	    plans: string;
	    progress: string;
	    problems: string;
	    blockers: string;
	
	    static createFrom(source: any = {}) {
	        return new CheckInInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.updates = this.convertValues(source["updates"], GoalCheckInView);
	        this.plans = source["plans"];
	        this.progress = source["progress"];
	        this.problems = source["problems"];
	        this.blockers = source["blockers"];
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
	export class CheckInView {
	    id: string;
	    memberId: string;
	    date: string;
	    updates: GoalCheckInView[];
	    plans: string;
	    progress: string;
	    problems: string;
	    blockers: string;
	    comments: CheckInCommentView[];
	    createdAt: string;
	    damaged: string;
	
	    static createFrom(source: any = {}) {
	        return new CheckInView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.memberId = source["memberId"];
	        this.date = source["date"];
	        this.updates = this.convertValues(source["updates"], GoalCheckInView);
	        this.plans = source["plans"];
	        this.progress = source["progress"];
	        this.problems = source["problems"];
	        this.blockers = source["blockers"];
	        this.comments = this.convertValues(source["comments"], CheckInCommentView);
	        this.createdAt = source["createdAt"];
	        this.damaged = source["damaged"];
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
	export class PersonRef {
	    id: string;
	    name: string;
	    timeZone: string;
	
	    static createFrom(source: any = {}) {
	        return new PersonRef(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.timeZone = source["timeZone"];
	    }
	}
	export class ConversationView {
	    id: string;
	    members: PersonRef[];
	    lastAt: string;
	    last: string;
	    lastBy: string;
	    unread: number;
	
	    static createFrom(source: any = {}) {
	        return new ConversationView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.members = this.convertValues(source["members"], PersonRef);
	        this.lastAt = source["lastAt"];
	        this.last = source["last"];
	        this.lastBy = source["lastBy"];
	        this.unread = source["unread"];
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
	export class DeviceView {
	    id: string;
	    fingerprint: string;
	    memberId: string;
	    memberName: string;
	    role: string;
	    addedAt: string;
	    thisDevice: boolean;
	
	    static createFrom(source: any = {}) {
	        return new DeviceView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.fingerprint = source["fingerprint"];
	        this.memberId = source["memberId"];
	        this.memberName = source["memberName"];
	        this.role = source["role"];
	        this.addedAt = source["addedAt"];
	        this.thisDevice = source["thisDevice"];
	    }
	}
	export class DocPeerView {
	    name: string;
	    inSync: boolean;
	    lastSync: string;
	
	    static createFrom(source: any = {}) {
	        return new DocPeerView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.inSync = source["inSync"];
	        this.lastSync = source["lastSync"];
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
	export class ExportView {
	    path: string;
	    pages: number;
	    images: number;
	    files: number;
	    problems: string[];
	
	    static createFrom(source: any = {}) {
	        return new ExportView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.pages = source["pages"];
	        this.images = source["images"];
	        this.files = source["files"];
	        this.problems = source["problems"];
	    }
	}
	export class FileSettingsView {
	    maxFileMB: number;
	    fetchAll: boolean;
	    cacheMB: number;
	    droppedMB: number;
	
	    static createFrom(source: any = {}) {
	        return new FileSettingsView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.maxFileMB = source["maxFileMB"];
	        this.fetchAll = source["fetchAll"];
	        this.cacheMB = source["cacheMB"];
	        this.droppedMB = source["droppedMB"];
	    }
	}
	export class FocusBlockView {
	    days: number[];
	    start: string;
	    end: string;
	    label: string;
	
	    static createFrom(source: any = {}) {
	        return new FocusBlockView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.days = source["days"];
	        this.start = source["start"];
	        this.end = source["end"];
	        this.label = source["label"];
	    }
	}
	export class FocusSettingsInput {
	    mentionsBreakThrough: boolean;
	    blocks: FocusBlockView[];
	    keepInTray: boolean;
	    hidePresence: boolean;
	    startAtLogin: boolean;
	
	    static createFrom(source: any = {}) {
	        return new FocusSettingsInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.mentionsBreakThrough = source["mentionsBreakThrough"];
	        this.blocks = this.convertValues(source["blocks"], FocusBlockView);
	        this.keepInTray = source["keepInTray"];
	        this.hidePresence = source["hidePresence"];
	        this.startAtLogin = source["startAtLogin"];
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
	export class FocusSettingsView {
	    mentionsBreakThrough: boolean;
	    blocks: FocusBlockView[];
	    keepInTray: boolean;
	    hidePresence: boolean;
	    startAtLogin: boolean;
	    startAtLoginOk: boolean;
	    tray: boolean;
	    trayProblem: string;
	    notifications: boolean;
	    notifyProblem: string;
	
	    static createFrom(source: any = {}) {
	        return new FocusSettingsView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.mentionsBreakThrough = source["mentionsBreakThrough"];
	        this.blocks = this.convertValues(source["blocks"], FocusBlockView);
	        this.keepInTray = source["keepInTray"];
	        this.hidePresence = source["hidePresence"];
	        this.startAtLogin = source["startAtLogin"];
	        this.startAtLoginOk = source["startAtLoginOk"];
	        this.tray = source["tray"];
	        this.trayProblem = source["trayProblem"];
	        this.notifications = source["notifications"];
	        this.notifyProblem = source["notifyProblem"];
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
	
	export class MeasureView {
	    kind: string;
	    unit: string;
	    start: number;
	    target: number;
	    current: number;
	    done: boolean;
	
	    static createFrom(source: any = {}) {
	        return new MeasureView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.unit = source["unit"];
	        this.start = source["start"];
	        this.target = source["target"];
	        this.current = source["current"];
	        this.done = source["done"];
	    }
	}
	export class GoalInput {
	    title: string;
	    description: string;
	    level: string;
	    scope: string;
	    scopeTarget: string;
	    parentId: string;
	    ownerId: string;
	    periodStart: string;
	    periodEnd: string;
	    measure: MeasureView;
	    status: string;
	    confidence: number;
	    scoreboard: boolean;
	
	    static createFrom(source: any = {}) {
	        return new GoalInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.title = source["title"];
	        this.description = source["description"];
	        this.level = source["level"];
	        this.scope = source["scope"];
	        this.scopeTarget = source["scopeTarget"];
	        this.parentId = source["parentId"];
	        this.ownerId = source["ownerId"];
	        this.periodStart = source["periodStart"];
	        this.periodEnd = source["periodEnd"];
	        this.measure = this.convertValues(source["measure"], MeasureView);
	        this.status = source["status"];
	        this.confidence = source["confidence"];
	        this.scoreboard = source["scoreboard"];
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
	export class SnapshotView {
	    at: string;
	    value: number;
	    status: string;
	    confidence: number;
	    byId: string;
	    checkInId: string;
	    note: string;
	
	    static createFrom(source: any = {}) {
	        return new SnapshotView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.at = source["at"];
	        this.value = source["value"];
	        this.status = source["status"];
	        this.confidence = source["confidence"];
	        this.byId = source["byId"];
	        this.checkInId = source["checkInId"];
	        this.note = source["note"];
	    }
	}
	export class GoalView {
	    id: string;
	    title: string;
	    description: string;
	    level: string;
	    scope: string;
	    scopeTarget: string;
	    parentId: string;
	    ownerId: string;
	    authorId: string;
	    periodStart: string;
	    periodEnd: string;
	    measure: MeasureView;
	    status: string;
	    confidence: number;
	    scoreboard: boolean;
	    archived: boolean;
	    retrospective: string;
	    closedAt: string;
	    progress: number;
	    snapshots: SnapshotView[];
	    createdAt: string;
	    updatedAt: string;
	    damaged: string;
	
	    static createFrom(source: any = {}) {
	        return new GoalView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.description = source["description"];
	        this.level = source["level"];
	        this.scope = source["scope"];
	        this.scopeTarget = source["scopeTarget"];
	        this.parentId = source["parentId"];
	        this.ownerId = source["ownerId"];
	        this.authorId = source["authorId"];
	        this.periodStart = source["periodStart"];
	        this.periodEnd = source["periodEnd"];
	        this.measure = this.convertValues(source["measure"], MeasureView);
	        this.status = source["status"];
	        this.confidence = source["confidence"];
	        this.scoreboard = source["scoreboard"];
	        this.archived = source["archived"];
	        this.retrospective = source["retrospective"];
	        this.closedAt = source["closedAt"];
	        this.progress = source["progress"];
	        this.snapshots = this.convertValues(source["snapshots"], SnapshotView);
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	        this.damaged = source["damaged"];
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
	export class IdentityView {
	    fingerprint: string;
	    keyStorage: string;
	    keyWhere: string;
	    inLog: boolean;
	
	    static createFrom(source: any = {}) {
	        return new IdentityView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.fingerprint = source["fingerprint"];
	        this.keyStorage = source["keyStorage"];
	        this.keyWhere = source["keyWhere"];
	        this.inLog = source["inLog"];
	    }
	}
	export class ImportView {
	    id: string;
	    stopped: boolean;
	    pages: number;
	    images: number;
	    files: number;
	    firstId: string;
	    skipped: SkippedFile[];
	    notes: SkippedFile[];
	
	    static createFrom(source: any = {}) {
	        return new ImportView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.stopped = source["stopped"];
	        this.pages = source["pages"];
	        this.images = source["images"];
	        this.files = source["files"];
	        this.firstId = source["firstId"];
	        this.skipped = this.convertValues(source["skipped"], SkippedFile);
	        this.notes = this.convertValues(source["notes"], SkippedFile);
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
	export class InboxItemView {
	    key: string;
	    kind: string;
	    actorId: string;
	    actorName: string;
	    pageId: string;
	    postId: string;
	    threadId: string;
	    checkInId: string;
	    title: string;
	    snippet: string;
	    at: string;
	    due: string;
	    read: boolean;
	    done: boolean;
	    snoozedUntil: string;
	
	    static createFrom(source: any = {}) {
	        return new InboxItemView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.kind = source["kind"];
	        this.actorId = source["actorId"];
	        this.actorName = source["actorName"];
	        this.pageId = source["pageId"];
	        this.postId = source["postId"];
	        this.threadId = source["threadId"];
	        this.checkInId = source["checkInId"];
	        this.title = source["title"];
	        this.snippet = source["snippet"];
	        this.at = source["at"];
	        this.due = source["due"];
	        this.read = source["read"];
	        this.done = source["done"];
	        this.snoozedUntil = source["snoozedUntil"];
	    }
	}
	export class InvitePreview {
	    workspaceName: string;
	    inviterName: string;
	    inviterFingerprint: string;
	    role: string;
	    expires: string;
	    expired: boolean;
	    personName: string;
	
	    static createFrom(source: any = {}) {
	        return new InvitePreview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.workspaceName = source["workspaceName"];
	        this.inviterName = source["inviterName"];
	        this.inviterFingerprint = source["inviterFingerprint"];
	        this.role = source["role"];
	        this.expires = source["expires"];
	        this.expired = source["expired"];
	        this.personName = source["personName"];
	    }
	}
	export class InviteView {
	    id: string;
	    role: string;
	    expires: string;
	    code?: string;
	    link?: string;
	    status: string;
	    createdAt: string;
	    memberId: string;
	    memberName: string;
	    usedBy: string;
	    usedByName: string;
	    usedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new InviteView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.role = source["role"];
	        this.expires = source["expires"];
	        this.code = source["code"];
	        this.link = source["link"];
	        this.status = source["status"];
	        this.createdAt = source["createdAt"];
	        this.memberId = source["memberId"];
	        this.memberName = source["memberName"];
	        this.usedBy = source["usedBy"];
	        this.usedByName = source["usedByName"];
	        this.usedAt = source["usedAt"];
	    }
	}
	export class LaterOption {
	    label: string;
	    at: string;
	
	    static createFrom(source: any = {}) {
	        return new LaterOption(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.label = source["label"];
	        this.at = source["at"];
	    }
	}
	export class LinkView {
	    code: string;
	    workspaceName: string;
	    error: string;
	
	    static createFrom(source: any = {}) {
	        return new LinkView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.workspaceName = source["workspaceName"];
	        this.error = source["error"];
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
	    shareSeen: boolean;
	    timeFormat: string;
	    locale: string;
	    focusUntil: string;
	
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
	        this.shareSeen = source["shareSeen"];
	        this.timeFormat = source["timeFormat"];
	        this.locale = source["locale"];
	        this.focusUntil = source["focusUntil"];
	    }
	}
	export class MessageView {
	    id: string;
	    authorId: string;
	    authorName: string;
	    body: string;
	    at: string;
	    editedAt: string;
	    deleted: boolean;
	
	    static createFrom(source: any = {}) {
	        return new MessageView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.authorId = source["authorId"];
	        this.authorName = source["authorName"];
	        this.body = source["body"];
	        this.at = source["at"];
	        this.editedAt = source["editedAt"];
	        this.deleted = source["deleted"];
	    }
	}
	export class MirrorProblem {
	    path: string;
	    reason: string;
	
	    static createFrom(source: any = {}) {
	        return new MirrorProblem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.reason = source["reason"];
	    }
	}
	export class MirrorStatus {
	    on: boolean;
	    folder: string;
	    pages: number;
	    problems: MirrorProblem[];
	    error: string;
	
	    static createFrom(source: any = {}) {
	        return new MirrorStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.on = source["on"];
	        this.folder = source["folder"];
	        this.pages = source["pages"];
	        this.problems = this.convertValues(source["problems"], MirrorProblem);
	        this.error = source["error"];
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
	export class NativeTakeView {
	    recording: boolean;
	    elapsedMs: number;
	    size: number;
	    atLimit: boolean;
	    error: string;
	    frame: string;
	
	    static createFrom(source: any = {}) {
	        return new NativeTakeView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.recording = source["recording"];
	        this.elapsedMs = source["elapsedMs"];
	        this.size = source["size"];
	        this.atLimit = source["atLimit"];
	        this.error = source["error"];
	        this.frame = source["frame"];
	    }
	}
	export class NewInvite {
	    role: string;
	    days: number;
	    spaces: string[];
	    memberId: string;
	
	    static createFrom(source: any = {}) {
	        return new NewInvite(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.role = source["role"];
	        this.days = source["days"];
	        this.spaces = source["spaces"];
	        this.memberId = source["memberId"];
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
	export class OverlapView {
	    memberId: string;
	    found: boolean;
	    start: string;
	    end: string;
	    working: boolean;
	
	    static createFrom(source: any = {}) {
	        return new OverlapView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.memberId = source["memberId"];
	        this.found = source["found"];
	        this.start = source["start"];
	        this.end = source["end"];
	        this.working = source["working"];
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
	export class PeerStatusView {
	    device: string;
	    name: string;
	    address: string;
	    state: string;
	    lastSync: string;
	    lastError: string;
	    inSync: number;
	    unsent: number;
	    behind: number;
	
	    static createFrom(source: any = {}) {
	        return new PeerStatusView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.device = source["device"];
	        this.name = source["name"];
	        this.address = source["address"];
	        this.state = source["state"];
	        this.lastSync = source["lastSync"];
	        this.lastError = source["lastError"];
	        this.inSync = source["inSync"];
	        this.unsent = source["unsent"];
	        this.behind = source["behind"];
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
	    videoPoster: string;
	    videoSummary: string;
	
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
	        this.videoPoster = source["videoPoster"];
	        this.videoSummary = source["videoSummary"];
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
	export class PosterView {
	    hash: string;
	    ref: string;
	
	    static createFrom(source: any = {}) {
	        return new PosterView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.hash = source["hash"];
	        this.ref = source["ref"];
	    }
	}
	export class PresenceView {
	    memberId: string;
	    name: string;
	
	    static createFrom(source: any = {}) {
	        return new PresenceView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.memberId = source["memberId"];
	        this.name = source["name"];
	    }
	}
	export class ProgressInput {
	    value: number;
	    done: boolean;
	    status: string;
	    confidence: number;
	    note: string;
	
	    static createFrom(source: any = {}) {
	        return new ProgressInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.value = source["value"];
	        this.done = source["done"];
	        this.status = source["status"];
	        this.confidence = source["confidence"];
	        this.note = source["note"];
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
	
	export class RecordingView {
	    id: string;
	    take: number;
	    final: boolean;
	    maxSeconds: number;
	    native: boolean;
	
	    static createFrom(source: any = {}) {
	        return new RecordingView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.take = source["take"];
	        this.final = source["final"];
	        this.maxSeconds = source["maxSeconds"];
	        this.native = source["native"];
	    }
	}
	export class RelayView {
	    url: string;
	    state: string;
	    position: number;
	    lastOkAt: string;
	    lastError: string;
	    queued: number;
	
	    static createFrom(source: any = {}) {
	        return new RelayView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.url = source["url"];
	        this.state = source["state"];
	        this.position = source["position"];
	        this.lastOkAt = source["lastOkAt"];
	        this.lastError = source["lastError"];
	        this.queued = source["queued"];
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
	
	export class ScheduleView {
	    days: number[];
	    time: string;
	    timeZone: string;
	    next: string;
	    due: boolean;
	    dueAt: string;
	    lastAt: string;
	
	    static createFrom(source: any = {}) {
	        return new ScheduleView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.days = source["days"];
	        this.time = source["time"];
	        this.timeZone = source["timeZone"];
	        this.next = source["next"];
	        this.due = source["due"];
	        this.dueAt = source["dueAt"];
	        this.lastAt = source["lastAt"];
	    }
	}
	export class ScheduledView {
	    id: string;
	    title: string;
	    body: string;
	    sendAt: string;
	    error: string;
	
	    static createFrom(source: any = {}) {
	        return new ScheduledView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.body = source["body"];
	        this.sendAt = source["sendAt"];
	        this.error = source["error"];
	    }
	}
	export class SearchHit {
	    id: string;
	    kind: string;
	    title: string;
	    snippet: string;
	    atMs: number;
	
	    static createFrom(source: any = {}) {
	        return new SearchHit(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.kind = source["kind"];
	        this.title = source["title"];
	        this.snippet = source["snippet"];
	        this.atMs = source["atMs"];
	    }
	}
	export class SeenByView {
	    memberId: string;
	    name: string;
	    at: string;
	
	    static createFrom(source: any = {}) {
	        return new SeenByView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.memberId = source["memberId"];
	        this.name = source["name"];
	        this.at = source["at"];
	    }
	}
	export class SeenView {
	    memberId: string;
	    name: string;
	    at: string;
	
	    static createFrom(source: any = {}) {
	        return new SeenView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.memberId = source["memberId"];
	        this.name = source["name"];
	        this.at = source["at"];
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
	    guest: boolean;
	    guestSpaces: string[];
	
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
	        this.guest = source["guest"];
	        this.guestSpaces = source["guestSpaces"];
	    }
	}
	
	export class SlackImportView {
	    people: number;
	    channels: number;
	    posts: number;
	    replies: number;
	    chats: number;
	    messages: number;
	    files: number;
	    skipped: SkippedFile[];
	
	    static createFrom(source: any = {}) {
	        return new SlackImportView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.people = source["people"];
	        this.channels = source["channels"];
	        this.posts = source["posts"];
	        this.replies = source["replies"];
	        this.chats = source["chats"];
	        this.messages = source["messages"];
	        this.files = source["files"];
	        this.skipped = this.convertValues(source["skipped"], SkippedFile);
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
	
	export class SpaceInput {
	    name: string;
	    description: string;
	    icon: string;
	
	    static createFrom(source: any = {}) {
	        return new SpaceInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.description = source["description"];
	        this.icon = source["icon"];
	    }
	}
	export class SpaceView {
	    id: string;
	    name: string;
	    description: string;
	    icon: string;
	    homeId: string;
	    position: string;
	    createdAt: string;
	    deletedAt: string;
	    empty: boolean;
	
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
	        this.position = source["position"];
	        this.createdAt = source["createdAt"];
	        this.deletedAt = source["deletedAt"];
	        this.empty = source["empty"];
	    }
	}
	export class StoppedImport {
	    id: string;
	    spaceId: string;
	    folder: string;
	    done: number;
	    total: number;
	    started: string;
	
	    static createFrom(source: any = {}) {
	        return new StoppedImport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.spaceId = source["spaceId"];
	        this.folder = source["folder"];
	        this.done = source["done"];
	        this.total = source["total"];
	        this.started = source["started"];
	    }
	}
	export class SyncStatusView {
	    available: boolean;
	    why: string;
	    syncing: boolean;
	    done: number;
	    total: number;
	    peers: PeerStatusView[];
	    addresses: string[];
	    listening: string;
	
	    static createFrom(source: any = {}) {
	        return new SyncStatusView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.available = source["available"];
	        this.why = source["why"];
	        this.syncing = source["syncing"];
	        this.done = source["done"];
	        this.total = source["total"];
	        this.peers = this.convertValues(source["peers"], PeerStatusView);
	        this.addresses = source["addresses"];
	        this.listening = source["listening"];
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
	export class TakeView {
	    size: number;
	    lengthMs: number;
	
	    static createFrom(source: any = {}) {
	        return new TakeView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.size = source["size"];
	        this.lengthMs = source["lengthMs"];
	    }
	}
	export class TeamStatusView {
	    memberId: string;
	    schedule: ScheduleView;
	
	    static createFrom(source: any = {}) {
	        return new TeamStatusView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.memberId = source["memberId"];
	        this.schedule = this.convertValues(source["schedule"], ScheduleView);
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
	export class TranscriptWordView {
	    text: string;
	    start: number;
	    end: number;
	
	    static createFrom(source: any = {}) {
	        return new TranscriptWordView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.text = source["text"];
	        this.start = source["start"];
	        this.end = source["end"];
	    }
	}
	export class TranscriptView {
	    hash: string;
	    state: string;
	    message: string;
	    words: TranscriptWordView[];
	    chapters: ChapterView[];
	    text: string;
	    corrected: boolean;
	    mine: boolean;
	
	    static createFrom(source: any = {}) {
	        return new TranscriptView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.hash = source["hash"];
	        this.state = source["state"];
	        this.message = source["message"];
	        this.words = this.convertValues(source["words"], TranscriptWordView);
	        this.chapters = this.convertValues(source["chapters"], ChapterView);
	        this.text = source["text"];
	        this.corrected = source["corrected"];
	        this.mine = source["mine"];
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
	
	export class TreeStepView {
	    id: string;
	    parentId: string;
	    index: number;
	    stray: boolean;
	
	    static createFrom(source: any = {}) {
	        return new TreeStepView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.parentId = source["parentId"];
	        this.index = source["index"];
	        this.stray = source["stray"];
	    }
	}
	export class TreePathView {
	    spaceId: string;
	    steps: TreeStepView[];
	
	    static createFrom(source: any = {}) {
	        return new TreePathView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.spaceId = source["spaceId"];
	        this.steps = this.convertValues(source["steps"], TreeStepView);
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
	    name: string;
	    namedById: string;
	    namedByName: string;
	    namedAt: string;
	
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
	        this.name = source["name"];
	        this.namedById = source["namedById"];
	        this.namedByName = source["namedByName"];
	        this.namedAt = source["namedAt"];
	    }
	}
	export class VideoSeenView {
	    audience: number;
	    seen: SeenByView[];
	    afterMs: number;
	
	    static createFrom(source: any = {}) {
	        return new VideoSeenView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.audience = source["audience"];
	        this.seen = this.convertValues(source["seen"], SeenByView);
	        this.afterMs = source["afterMs"];
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
	export class VideoView {
	    hash: string;
	    ref: string;
	    url: string;
	    mime: string;
	    size: number;
	    lengthMs: number;
	    take: number;
	    summary: string;
	
	    static createFrom(source: any = {}) {
	        return new VideoView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.hash = source["hash"];
	        this.ref = source["ref"];
	        this.url = source["url"];
	        this.mime = source["mime"];
	        this.size = source["size"];
	        this.lengthMs = source["lengthMs"];
	        this.take = source["take"];
	        this.summary = source["summary"];
	    }
	}

}

export namespace store {
	
	export class Ack {
	    Member: string;
	    // Go type: time
	    At: any;
	
	    static createFrom(source: any = {}) {
	        return new Ack(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.Member = source["Member"];
	        this.At = this.convertValues(source["At"], null);
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
	export class Email {
	    ID: string;
	    Name: string;
	    From: string;
	    To: string;
	    Subject: string;
	    // Go type: time
	    Date: any;
	    Size: number;
	
	    static createFrom(source: any = {}) {
	        return new Email(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ID = source["ID"];
	        this.Name = source["Name"];
	        this.From = source["From"];
	        this.To = source["To"];
	        this.Subject = source["Subject"];
	        this.Date = this.convertValues(source["Date"], null);
	        this.Size = source["Size"];
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
	export class PostReply {
	    ID: string;
	    Author: string;
	    Body: string;
	    Mentions: string[];
	    // Go type: time
	    CreatedAt: any;
	    // Go type: time
	    EditedAt: any;
	    // Go type: time
	    DeletedAt: any;
	    Reactions: Reaction[];
	
	    static createFrom(source: any = {}) {
	        return new PostReply(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ID = source["ID"];
	        this.Author = source["Author"];
	        this.Body = source["Body"];
	        this.Mentions = source["Mentions"];
	        this.CreatedAt = this.convertValues(source["CreatedAt"], null);
	        this.EditedAt = this.convertValues(source["EditedAt"], null);
	        this.DeletedAt = this.convertValues(source["DeletedAt"], null);
	        this.Reactions = this.convertValues(source["Reactions"], Reaction);
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
	export class Reaction {
	    Emoji: string;
	    Members: string[];
	
	    static createFrom(source: any = {}) {
	        return new Reaction(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.Emoji = source["Emoji"];
	        this.Members = source["Members"];
	    }
	}
	export class Post {
	    ID: string;
	    Channel: string;
	    Title: string;
	    Body: string;
	    Author: string;
	    // Go type: time
	    CreatedAt: any;
	    // Go type: time
	    EditedAt: any;
	    // Go type: time
	    DeletedAt: any;
	    Pinned: boolean;
	    Mentions: string[];
	    AckRequested: boolean;
	    Acks: Ack[];
	    Reactions: Reaction[];
	    Replies: PostReply[];
	    PromotedTo: string;
	    PromotedName: string;
	    Email?: Email;
	    // Go type: time
	    LastActivity: any;
	    Damaged: string;
	
	    static createFrom(source: any = {}) {
	        return new Post(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ID = source["ID"];
	        this.Channel = source["Channel"];
	        this.Title = source["Title"];
	        this.Body = source["Body"];
	        this.Author = source["Author"];
	        this.CreatedAt = this.convertValues(source["CreatedAt"], null);
	        this.EditedAt = this.convertValues(source["EditedAt"], null);
	        this.DeletedAt = this.convertValues(source["DeletedAt"], null);
	        this.Pinned = source["Pinned"];
	        this.Mentions = source["Mentions"];
	        this.AckRequested = source["AckRequested"];
	        this.Acks = this.convertValues(source["Acks"], Ack);
	        this.Reactions = this.convertValues(source["Reactions"], Reaction);
	        this.Replies = this.convertValues(source["Replies"], PostReply);
	        this.PromotedTo = source["PromotedTo"];
	        this.PromotedName = source["PromotedName"];
	        this.Email = this.convertValues(source["Email"], Email);
	        this.LastActivity = this.convertValues(source["LastActivity"], null);
	        this.Damaged = source["Damaged"];
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


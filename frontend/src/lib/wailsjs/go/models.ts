export namespace app {
	
	export class AttachmentView {
	    hash: string;
	    mime: string;
	    size: number;
	    name: string;
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
	        this.ref = source["ref"];
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
	export class ExportView {
	    path: string;
	    pages: number;
	    images: number;
	    problems: string[];
	
	    static createFrom(source: any = {}) {
	        return new ExportView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.pages = source["pages"];
	        this.images = source["images"];
	        this.problems = source["problems"];
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
	export class ImportView {
	    pages: number;
	    images: number;
	    firstId: string;
	    skipped: SkippedFile[];
	    notes: SkippedFile[];
	
	    static createFrom(source: any = {}) {
	        return new ImportView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.pages = source["pages"];
	        this.images = source["images"];
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
	
	export class PageView {
	    id: string;
	    title: string;
	    body: string;
	    spaceId: string;
	    parentId: string;
	    position: string;
	    template: boolean;
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
	        this.rev = source["rev"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	        this.deletedAt = source["deletedAt"];
	        this.damaged = source["damaged"];
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


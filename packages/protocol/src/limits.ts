/** Limits shared by the server (which enforces them) and the clients (which respect them). */
export const LIMITS = {
  /** Longest message body, in characters, as sent (before control characters are removed and it is trimmed). */
  messageMaxLength: 4000,
  /** Longest client-chosen message id. */
  clientIdMaxLength: 64,
  /** Largest Socket.IO packet the server accepts, in bytes (`maxHttpBufferSize`). */
  packetMaxBytes: 64 * 1024,
  /** Messages one visitor may send in `messageRateWindowMs` before getting `RATE_LIMITED`. */
  visitorMessagesPerWindow: 20,
  /** Messages one agent may send in `messageRateWindowMs`. */
  agentMessagesPerWindow: 60,
  messageRateWindowMs: 10_000,
  /** Most messages one `sync`, `conversation:join` or history call returns per conversation. */
  replayMaxMessages: 500,
  /** Most conversations one `sync` call may name. */
  syncMaxConversations: 50,
  /** Default and largest page size of list routes. */
  pageSizeDefault: 25,
  pageSizeMax: 100,
  /** New visitors (handshakes without a known token) one IP address may open per minute. */
  newVisitorsPerMinutePerAddress: 30,
  /** Open (not closed) conversations one visitor may have at once. */
  visitorOpenConversationsMax: 20,
  /** Files one message may carry. */
  messageAttachmentsMax: 5,
  /** Largest file a site may accept, in MB (its setting `fileMaxMb`, default `fileMaxMbDefault`). */
  fileMaxMb: 25,
  fileMaxMbDefault: 10,
  /** Longest file name kept, in characters. */
  fileNameMaxLength: 120,
  /** Files one visitor may upload in `messageRateWindowMs`. */
  visitorUploadsPerWindow: 10,
} as const;

/**
 * The kinds of file a site may accept (setting `fileTypes`, default all): photos as JPEG, PNG,
 * WebP or GIF (re-encoded by the server, without their metadata) and PDF documents. Anything else,
 * SVG and HTML above all, is refused whatever its name says.
 */
export const FILE_KINDS = ['image', 'pdf'] as const;
export type FileKind = (typeof FILE_KINDS)[number];


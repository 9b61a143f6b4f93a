/**
 * Values the spec's examples share, so that an example request can be sent as written once its ids are mapped to
 * real ones (test/contract.e2e-spec.ts replaces these ids with those of the resources it created).
 */
export const EXAMPLE_IDS = {
  session: '3f6c1a52-8a53-4c8e-9d0b-2f3e3c1f7a10',
  message: '9b2e4d1c-5f6a-4b7c-8d9e-0a1b2c3d4e5f',
  technician: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
  user: '7e8f9a0b-1c2d-4e3f-9a4b-5c6d7e8f9a0b',
  feedback: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f',
} as const;

/** A refresh token as login returns it (opaque to clients). */
export const EXAMPLE_REFRESH_TOKEN = 'rt_9d3f1c0a6b2e4f8a7c5d1e0b3a9f6c2d4e8b7a1c5f0d3e9b';

/** A 64x48 JPEG of a display reading "E18" (508 bytes), base64 as clients send photos. */
export const EXAMPLE_JPEG_BASE64 =
  '/9j/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdBRkxOUlNSMj5aYVpQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT0//wAARCAAwAEADASIAAhEBAxEB/8QAGgABAAMAAwAAAAAAAAAAAAAAAAEDBAIFBv/EACQQAAICAgIBAwUAAAAAAAAAAAABAgMEEhExYRQhQRMjQlFx/8QAGQEBAQADAQAAAAAAAAAAAAAAAAIBAwQF/8QAJBEAAgEDAwMFAAAAAAAAAAAAAAECAxFBEiExBCJSYZGhscH/2gAMAwEAAhEDEQA/APFgAskAAAAAAAAAG9JV4dEoY0LJT22bi30zAdko5UsDG9M5/ltrLj5NdTB2dIr67K7thXfKMc5r66lZRGKXcFzFMtzFB00WQrjDdNtL+lVtWQ71C1SdsuuXy2asrGuWJRzW/txe3j3MNpOO5UYTlCotPxvyvw4QShi1TqojbKbe7ceePHgpzYQryZRrXC9vbnp/o0xjd6Wl4XPzvp3t5KM9RWRxHXbVb69bfJiD7vcuvG1Hjx+sPPqZgAbjzgAAAAACU2umQAAAAAf/2Q==';

export const EXAMPLE_CUSTOMER = {
  email: 'ayse.yilmaz@example.com',
  password: 'Güçlü bir parola 2026',
  full_name: 'Ayşe Yılmaz',
} as const;

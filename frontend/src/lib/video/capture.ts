// Capture for video messages: the camera, the screen, or both (the camera
// as a round bubble over the screen, drawn on a canvas), with or without
// the microphone, as one MediaStream for MediaRecorder.
import { captureError } from './video';

export type Source = 'camera' | 'screen' | 'both';

export interface Capture {
  stream: MediaStream;
  /** stop ends every track and the drawing. */
  stop: () => void;
}

/** CaptureError carries a sentence to show. */
export class CaptureError extends Error {}

async function get<T>(what: string, f: () => Promise<T>): Promise<T> {
  if (!navigator.mediaDevices) throw new CaptureError(`This window cannot record: it has no access to the ${what}.`);
  try {
    return await f();
  } catch (e) {
    throw new CaptureError(captureError(e, what));
  }
}

/** openCapture asks for what source needs, and the microphone when mic is set. */
export async function openCapture(source: Source, mic: boolean): Promise<Capture> {
  const streams: MediaStream[] = [];
  const stopAll = () => streams.forEach((s) => s.getTracks().forEach((t) => t.stop()));
  try {
    let screen: MediaStream | null = null;
    let camera: MediaStream | null = null;
    if (source !== 'camera') {
      if (!navigator.mediaDevices?.getDisplayMedia) throw new CaptureError('This window cannot record the screen.');
      screen = await get('screen', () => navigator.mediaDevices.getDisplayMedia({ video: { frameRate: 15 }, audio: false }));
      streams.push(screen);
    }
    if (source !== 'screen') {
      camera = await get('camera', () => navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false }));
      streams.push(camera);
    }
    let audio: MediaStreamTrack[] = [];
    if (mic) {
      const m = await get('microphone', () => navigator.mediaDevices.getUserMedia({ audio: true, video: false }));
      streams.push(m);
      audio = m.getAudioTracks();
    }
    if (screen && camera) {
      const drawn = bubble(screen, camera);
      return { stream: new MediaStream([...drawn.stream.getVideoTracks(), ...audio]), stop: () => { drawn.stop(); stopAll(); } };
    }
    const video = (screen ?? camera)!.getVideoTracks();
    return { stream: new MediaStream([...video, ...audio]), stop: stopAll };
  } catch (e) {
    stopAll();
    throw e;
  }
}

/** bubble draws the screen with the camera in a circle at its lower right. */
function bubble(screen: MediaStream, camera: MediaStream): Capture {
  // The two pictures play in video elements kept in the document (out of
  // sight), where the browser keeps decoding them.
  const play = (s: MediaStream) => {
    const v = document.createElement('video');
    v.muted = true;
    v.playsInline = true;
    v.srcObject = s;
    v.style.cssText = 'position:fixed;left:0;top:0;width:2px;height:2px;opacity:0;pointer-events:none';
    document.body.append(v);
    void v.play().catch(() => {});
    return v;
  };
  const sv = play(screen);
  const cv = play(camera);
  // At most 1280 wide, fifteen frames a second: a screen's text stays
  // readable and the encoder keeps up.
  const canvas = document.createElement('canvas');
  const set = screen.getVideoTracks()[0]?.getSettings();
  const scale = Math.min(1, 1280 / (set?.width ?? 1280));
  canvas.width = Math.round((set?.width ?? 1280) * scale);
  canvas.height = Math.round((set?.height ?? 720) * scale);
  const ctx = canvas.getContext('2d')!;
  const timer = setInterval(() => {
    // Every tick paints, so the recording has frames from the start.
    ctx.fillStyle = '#111';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    if (sv.readyState >= 2) ctx.drawImage(sv, 0, 0, canvas.width, canvas.height);
    if (cv.readyState < 2) return;
    const d = Math.round(Math.min(canvas.width, canvas.height) / 4);
    const x = canvas.width - d - 24;
    const y = canvas.height - d - 24;
    ctx.save();
    ctx.beginPath();
    ctx.arc(x + d / 2, y + d / 2, d / 2, 0, Math.PI * 2);
    ctx.clip();
    // The camera's picture, cropped to a square from its middle.
    const side = Math.min(cv.videoWidth || 1, cv.videoHeight || 1);
    ctx.drawImage(cv, ((cv.videoWidth || 1) - side) / 2, ((cv.videoHeight || 1) - side) / 2, side, side, x, y, d, d);
    ctx.restore();
  }, 1000 / 15);
  const stream = canvas.captureStream(15);
  return {
    stream,
    stop: () => {
      clearInterval(timer);
      stream.getTracks().forEach((t) => t.stop());
      sv.remove();
      cv.remove();
    },
  };
}

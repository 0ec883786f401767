/** No WebGPU to run on: no navigator.gpu, no adapter, or no device. The message says which and why. */
export class WebGpuUnavailableError extends Error {
  override readonly name = 'WebGpuUnavailableError';
}

/**
 * The GPUDevice was lost (device.destroy(), a driver reset, the tab backgrounded...). Every later
 * call on it rejects with this; a new backend (a new device) works.
 */
export class DeviceLostError extends Error {
  override readonly name = 'DeviceLostError';
  constructor(
    fn: string,
    /** GPUDeviceLostInfo.reason: 'destroyed' or 'unknown'. */
    readonly reason: string,
    readonly deviceMessage: string,
  ) {
    super(`${fn}: the GPUDevice was lost (reason '${reason}'${deviceMessage ? `: ${deviceMessage}` : ''}); create a new device or backend to run again`);
  }
}

/**
 * The device rejected work this package submitted (a GPU validation or out-of-memory error);
 * the message carries the device's own.
 */
export class GpuValidationError extends Error {
  override readonly name = 'GpuValidationError';
}

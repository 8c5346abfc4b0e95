/** Shared by the mini program and the cloud functions. Function contracts are added with each function. */
interface IAppOption {
  globalData: Record<string, never>;
}

/**
 * Test helpers for apps that use uni-session: a faithful mini program runtime
 * (page stack, navigation semantics, storage, modals, interceptors) and a
 * scripted platform whose requests the test answers. No jest inside.
 */
export * from './mp-runtime'
export * from './scripted-platform'

// Stand-in for react-devtools-core in the bundle: ringdesk never connects to React DevTools.
export default { initialize() {}, connectToDevTools() {} };

// Both apps' entry (package.json `main`). A phone woken by a call push while the app is closed runs this module
// headless, without rendering a screen, so the push handlers are registered here before the router loads.
import './src/push/native/background';
import 'expo-router/entry';

// electron-vite's import suffixes (`?modulePath` for the bundled worker entry).
/// <reference types="electron-vite/node" />

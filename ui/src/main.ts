import "./styles.css";
import { startApp } from "./app";
import { createBackend } from "./backend";

const root = document.getElementById("app");
if (root) {
  createBackend().then((backend) => startApp(root, backend));
}

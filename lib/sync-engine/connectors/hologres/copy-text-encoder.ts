// The COPY text format is the engine's, shared by every connector that declares the
// copy-text capability; the Hologres writer's modules keep importing it from here.
export * from "../../copy-text/copy-text-encoder";

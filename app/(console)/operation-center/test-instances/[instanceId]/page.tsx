// A test instance's page lives under Test Instances, so the side bar shows where it belongs.
export { default, metadata } from "../../instances/[instanceId]/page";

/** The local SMS simulator: a patient's phone and the provider API the bridge talks to. */
export { startSimulator, type RunningSimulator, type SimulatorOptions } from "./server.ts";
export { checkSignature, signEvent, SIGNATURE_HEADER, type SimulatorEvent, type SimulatorMessage } from "../../../../core/sms/simulatorWire.ts";

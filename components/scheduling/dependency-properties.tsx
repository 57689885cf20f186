"use client";
import { useState } from "react";
import {
  crossCycleLabels,
  crossCycleTypes,
  nodeNameOutput,
  randomOutputName,
  rootOutputName,
  tableOutputName,
  type NodeDependencies,
} from "@/lib/scheduling/node-dependencies";
import type { SchedulingFieldErrors } from "@/lib/scheduling/scheduling-field-errors";
import { Button } from "@/components/ui/button";
import { SelectInput, TextInput } from "@/components/ui/field";

/** A deployed node of the workspace with its outputs: what a parent can be chosen from. */
export type DeployedOutputs = { id: string; name: string; outputs: string[] };

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={id} role="alert" className="mt-1 text-xs text-red-600">
      {message}
    </p>
  ) : null;
}

/** Properties > Dependencies: outputs, parent nodes and the cross-cycle setting, as DataWorks has them. */
export function DependencyProperties({
  value,
  onChange,
  errors,
  workspaceName,
  nodeId,
  nodeName,
  targetTable,
  deployed,
  disabled,
}: {
  value: NodeDependencies;
  onChange: (value: NodeDependencies) => void;
  errors: SchedulingFieldErrors;
  workspaceName: string;
  nodeId: string;
  nodeName: string;
  /** The batch sync node's target table, offered as an output; empty when none is chosen. */
  targetTable: string;
  deployed: DeployedOutputs[];
  disabled?: boolean;
}) {
  const [parentName, setParentName] = useState("");
  const [parentNode, setParentNode] = useState("");
  const set = (change: Partial<NodeDependencies>) => onChange({ ...value, ...change });
  const nameOutput = nodeNameOutput(workspaceName, nodeName);
  // Until the first commit fixes it, the node-name output follows the node's name.
  const outputs = value.outputs ?? [nameOutput];
  const tableOutput = targetTable ? tableOutputName(workspaceName, targetTable) : null;
  const others = deployed.filter((node) => node.id !== nodeId);
  const root = rootOutputName(workspaceName);
  const ownerOf = new Map(others.flatMap((node) => node.outputs.map((output) => [output, node.name] as const)));
  const addInput = (name: string) => {
    const trimmed = name.trim();
    if (trimmed && !value.inputs.includes(trimmed)) set({ inputs: [...value.inputs, trimmed] });
  };
  return (
    <fieldset disabled={disabled} className="space-y-4">
      <div>
        <p className="mb-1 text-xs font-medium text-slate-700">Outputs</p>
        <ul aria-label="Outputs" className="space-y-1">
          <li className="flex items-center gap-2">
            <TextInput aria-label="Output (fixed)" readOnly className="bg-slate-50 font-mono text-xs" value={randomOutputName(workspaceName, nodeId)} />
            <span className="w-16 shrink-0 whitespace-nowrap text-xs text-slate-400">fixed</span>
          </li>
          {outputs.map((output) => (
            <li key={output} className="flex items-center gap-2">
              <TextInput aria-label={`Output ${output}`} readOnly className="font-mono text-xs" value={output} />
              {output === nameOutput ? (
                <span className="w-16 shrink-0 whitespace-nowrap text-xs text-slate-400">node name</span>
              ) : (
                <Button type="button" size="sm" className="w-16 shrink-0" aria-label={`Remove output ${output}`} onClick={() => set({ outputs: outputs.filter((other) => other !== output) })}>
                  Remove
                </Button>
              )}
            </li>
          ))}
        </ul>
        {tableOutput && !outputs.includes(tableOutput) && (
          <Button type="button" size="sm" className="mt-2" onClick={() => set({ outputs: [...outputs, tableOutput] })}>
            Add target table as output
          </Button>
        )}
        <FieldError id="dependencies-outputs-error" message={errors["dependencies.outputs"]} />
        <p className="mt-1 text-xs text-slate-500">Other nodes name these as inputs. The node-name output is fixed at the first commit.</p>
      </div>

      <div>
        <p className="mb-1 text-xs font-medium text-slate-700">Parent nodes</p>
        {value.inputs.length === 0 ? (
          <p className="rounded-md bg-slate-50 px-3 py-2 text-xs text-slate-600">
            No parent: the node depends on the workspace&apos;s root node <span className="font-mono">{root}</span>.
          </p>
        ) : (
          <ul aria-label="Parent nodes" className="space-y-1">
            {value.inputs.map((input) => (
              <li key={input} className="flex items-center gap-2 rounded-md border border-slate-200 px-2 py-1 text-xs">
                <span className="min-w-0 flex-1">
                  <span className="block truncate font-mono text-slate-800">{input}</span>
                  <span className="block text-slate-500">{input === root ? "Root node" : ownerOf.has(input) ? `Node ${ownerOf.get(input)}` : "No deployed node outputs this yet"}</span>
                </span>
                <Button type="button" size="sm" aria-label={`Remove parent ${input}`} onClick={() => set({ inputs: value.inputs.filter((other) => other !== input) })}>
                  Remove
                </Button>
              </li>
            ))}
          </ul>
        )}
        <div className="mt-2 flex items-center gap-2">
          <TextInput
            id="dependencies-parent-output"
            aria-label="Parent output name"
            list="dependencies-deployed-outputs"
            className="font-mono text-xs"
            placeholder="Search outputs, such as project.table"
            value={parentName}
            onChange={(event) => setParentName(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter") {
                event.preventDefault();
                addInput(parentName);
                setParentName("");
              }
            }}
          />
          <datalist id="dependencies-deployed-outputs">
            <option value={root}>Root node</option>
            {others.flatMap((node) =>
              node.outputs.map((output) => (
                <option key={output} value={output}>
                  {node.name}
                </option>
              )),
            )}
          </datalist>
          <Button
            type="button"
            size="sm"
            disabled={!parentName.trim()}
            onClick={() => {
              addInput(parentName);
              setParentName("");
            }}
          >
            Add
          </Button>
        </div>
        <div className="mt-2 flex items-center gap-2">
          <SelectInput id="dependencies-parent-node" aria-label="Parent node" className="text-xs" value={parentNode} onChange={(event) => setParentNode(event.target.value)}>
            <option value="">Or choose a deployed node</option>
            {others.map((node) => (
              <option key={node.id} value={node.id}>
                {node.name}
              </option>
            ))}
          </SelectInput>
          <Button
            type="button"
            size="sm"
            disabled={!parentNode}
            onClick={() => {
              // The fixed output: renaming the parent later does not break the dependency.
              const chosen = others.find((node) => node.id === parentNode);
              if (chosen?.outputs[0]) addInput(chosen.outputs[0]);
              setParentNode("");
            }}
          >
            Add
          </Button>
        </div>
        <FieldError id="dependencies-inputs-error" message={errors["dependencies.inputs"]} />
        <p className="mt-1 text-xs text-slate-500">An instance runs once its parents&apos; instances of the same cycle have succeeded. Commit refuses an input no deployed node outputs.</p>
      </div>

      <fieldset>
        <legend className="mb-1 text-xs font-medium text-slate-700">Cross-cycle dependency</legend>
        <div className="space-y-1">
          {crossCycleTypes.map((type) => (
            <label key={type} className="flex items-center gap-2 text-xs text-slate-700">
              <input type="radio" name="cross-cycle" checked={value.crossCycle === type} onChange={() => set({ crossCycle: type, crossCycleNodeIds: type === "nodes" ? value.crossCycleNodeIds : [] })} />
              {crossCycleLabels[type]}
            </label>
          ))}
        </div>
        {value.crossCycle === "nodes" && (
          <div className="mt-2 rounded-md border border-slate-200 p-2">
            {others.length === 0 ? (
              <p className="text-xs text-amber-700">No other deployed node in this workspace yet: deploy the nodes to wait for first.</p>
            ) : (
              <ul aria-label="Cross-cycle nodes" className="max-h-40 space-y-1 overflow-y-auto">
                {others.map((node) => (
                  <li key={node.id}>
                    <label className="flex items-center gap-2 text-xs text-slate-700">
                      <input
                        type="checkbox"
                        checked={value.crossCycleNodeIds.includes(node.id)}
                        onChange={(event) =>
                          set({ crossCycleNodeIds: event.target.checked ? [...value.crossCycleNodeIds, node.id] : value.crossCycleNodeIds.filter((id) => id !== node.id) })
                        }
                      />
                      {node.name}
                    </label>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        <FieldError id="dependencies-cross-cycle-error" message={errors["dependencies.crossCycleNodeIds"] ?? errors["dependencies.crossCycle"]} />
        <p className="mt-1 text-xs text-slate-500">Each instance also waits for the chosen nodes&apos; previous instance; a node&apos;s first instance waits for nothing.</p>
      </fieldset>
    </fieldset>
  );
}

package dev.pupil.transfer;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.pupil.models.ClassifierBlock;
import dev.pupil.models.TorchScriptBackbone;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A classifier's parameters in layer groups, the unit of per-group learning rates and gradual
 * unfreezing (Howard &amp; Ruder 2018, ULMFiT, arXiv:1801.06146, §3.2–3.3): the head, then the
 * backbone's top-level blocks from the one nearest the head down to the input. A TorchScript
 * backbone is grouped by the first part of its parameter names ({@code layer4.0.conv1.weight} →
 * {@code layer4}). Parameter names are those of {@code block.getParameters()}, which the optimizer
 * and checkpoints use.
 */
public final class ParameterGroups {
  /**
   * One group.
   *
   * @param name {@code head}, or {@code backbone/} and the block's name
   * @param depth 0 for the head, 1 for the backbone group nearest it, and so on down
   * @param parameters the full names of its parameters (batch-norm running statistics included)
   * @param trainableSize how many numbers it has that can train (running statistics excluded)
   */
  public record Group(String name, int depth, List<String> parameters, long trainableSize) {}

  private final List<Group> groups;
  private final Map<String, Parameter> byName;

  private ParameterGroups(List<Group> groups, Map<String, Parameter> byName) {
    this.groups = List.copyOf(groups);
    this.byName = byName;
  }

  /**
   * Groups a classifier's parameters.
   *
   * @param block the classifier
   * @return the groups, head first
   */
  public static ParameterGroups of(ClassifierBlock block) {
    Map<Parameter, String> names = new IdentityHashMap<>();
    Map<String, Parameter> byName = new LinkedHashMap<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      names.put(p.getValue(), p.getKey());
      byName.put(p.getKey(), p.getValue());
    }
    List<Group> groups = new ArrayList<>();
    groups.add(group("head", 0, block.head().getParameters().values(), names));
    Map<String, List<Parameter>> parts = backboneParts(block.backbone());
    List<String> keys = new ArrayList<>(parts.keySet());
    Collections.reverse(keys);
    int depth = 1;
    for (String key : keys) {
      groups.add(group("backbone/" + key, depth++, parts.get(key), names));
    }
    return new ParameterGroups(groups, byName);
  }

  /** The backbone's parts with parameters, from the input up. */
  private static Map<String, List<Parameter>> backboneParts(Block backbone) {
    Map<String, List<Parameter>> parts = new LinkedHashMap<>();
    if (backbone instanceof TorchScriptBackbone) {
      for (Pair<String, Parameter> p : backbone.getParameters()) {
        String key = p.getKey().split("\\.", 2)[0];
        parts.computeIfAbsent(key, k -> new ArrayList<>()).add(p.getValue());
      }
      return parts;
    }
    List<Parameter> own = new ArrayList<>(backbone.getDirectParameters().values());
    if (!own.isEmpty()) {
      parts.put("own", own);
    }
    for (Pair<String, Block> child : backbone.getChildren()) {
      List<Parameter> ps = new ArrayList<>(child.getValue().getParameters().values());
      if (!ps.isEmpty()) {
        parts.put(child.getKey(), ps);
      }
    }
    return parts;
  }

  private static Group group(
      String name, int depth, Iterable<Parameter> params, Map<Parameter, String> names) {
    List<String> list = new ArrayList<>();
    long size = 0;
    for (Parameter p : params) {
      String full = names.get(p);
      if (full == null) {
        throw new IllegalStateException("parameter " + p.getName() + " is not in the network");
      }
      list.add(full);
      if (trainable(p)) {
        size += p.getArray().getShape().size();
      }
    }
    return new Group(name, depth, list, size);
  }

  /**
   * @param p a parameter
   * @return whether it is learned by gradient descent (not a batch-norm running statistic)
   */
  static boolean trainable(Parameter p) {
    return p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR;
  }

  /**
   * @return every group, head first, then the backbone from the top down
   */
  public List<Group> all() {
    return groups;
  }

  /**
   * @return the backbone's groups, from the top down
   */
  public List<Group> backbone() {
    return groups.subList(1, groups.size());
  }

  /**
   * @param name a full parameter name
   * @return the parameter
   */
  public Parameter parameter(String name) {
    return byName.get(name);
  }

  /**
   * Sets whether a group's parameters train. Running statistics never take gradients; they stay as
   * they are.
   *
   * @param group the group
   * @param train whether it trains
   */
  public void setTrainable(Group group, boolean train) {
    for (String name : group.parameters()) {
      Parameter p = byName.get(name);
      if (trainable(p) && p.requiresGradient() != train) {
        p.freeze(!train);
      }
    }
  }

  /**
   * The learning-rate factor of each parameter under a plan: 1 for the head; for fine-tuning,
   * {@code backboneLrScale × layerDecay^(depth − 1)} for a backbone group; 0 for a frozen backbone
   * (approach 1).
   *
   * @param plan the plan
   * @return factor by group name
   */
  public Map<String, Float> groupScales(TransferPlan plan) {
    Map<String, Float> m = new LinkedHashMap<>();
    for (Group g : groups) {
      float s;
      if (g.depth() == 0) {
        s = 1f;
      } else if (plan.approach() == Approach.HEAD) {
        s = 0f;
      } else {
        s = (float) (plan.backboneLrScale() * Math.pow(plan.layerDecay(), g.depth() - 1));
      }
      m.put(g.name(), s);
    }
    return m;
  }

  /**
   * @param plan the plan
   * @return the factor of every parameter by full name, for the optimizer
   */
  public Map<String, Float> parameterScales(TransferPlan plan) {
    Map<String, Float> scales = groupScales(plan);
    Map<String, Float> m = new LinkedHashMap<>();
    for (Group g : groups) {
      for (String p : g.parameters()) {
        m.put(p, scales.get(g.name()));
      }
    }
    return m;
  }
}

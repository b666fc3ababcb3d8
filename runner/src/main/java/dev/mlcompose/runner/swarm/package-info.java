/**
 * The Docker Swarm backend: the same Compose project as Swarm objects. {@link dev.mlcompose.runner.swarm.SwarmRefusals}
 * says, before anything is made, what a Swarm cannot run; {@link dev.mlcompose.runner.swarm.StackSpec} is the pure
 * mapping of the rest to the Engine API's specs (services, overlay networks, secrets, configs), named and labelled as
 * {@code docker stack deploy} names them, so that {@code docker stack ps/rm} see what mlcompose made.
 */
package dev.mlcompose.runner.swarm;
